using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Before a silo joins, marks dead the membership rows of "active" silos that nobody answers for. After every silo
/// of a cluster was killed (kill -9, power loss), their rows still say Active; Orleans makes a joining silo reach
/// every active silo first, and only votes the dead ones out once their heartbeats are stale and they missed
/// probes (~15 s here). A silo whose port refuses connections or stays silent for several attempts is not running:
/// its row is set Dead the way Orleans itself does it (status plus a new table version), so the first silo back
/// joins at once. A live silo always accepts on its port, so it is never touched.
/// </summary>
public sealed partial class DeadMemberSweep(MySqlDatabase database, ILogger<DeadMemberSweep> logger)
{
    // Orleans' SiloStatus values as the membership table stores them.
    private const int Active = 3;
    private const int Dead = 6;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private const int Attempts = 3;

    /// <summary>Marks the unreachable active members of <paramref name="clusterId"/> dead; returns how many.</summary>
    public async Task<int> SweepAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var members = (await connection.QueryAsync<(string Address, int Port, int Generation)>(
            "SELECT Address, Port, Generation FROM OrleansMembershipTable WHERE DeploymentId = @clusterId AND Status = @Active;",
            new { clusterId, Active })).AsList();
        var unreachable = await Task.WhenAll(members.Select(async m => (Member: m, Reachable: await IsReachableAsync(m.Address, m.Port, cancellationToken))));
        var swept = 0;
        foreach (var (address, port, generation) in unreachable.Where(m => !m.Reachable).Select(m => m.Member))
        {
            // As Orleans' UpdateMembershipKey: the new table version makes every silo's cached view stale.
            var updated = await connection.ExecuteAsync(
                """
                UPDATE OrleansMembershipVersionTable v
                JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
                SET v.Version = v.Version + 1, v.Timestamp = UTC_TIMESTAMP(), m.Status = @Dead
                WHERE v.DeploymentId = @clusterId AND m.Address = @address AND m.Port = @port
                  AND m.Generation = @generation AND m.Status = @Active;
                """,
                new { clusterId, address, port, generation, Dead, Active });
            if (updated > 0)
            {
                swept++;
                LogMarkedDead(clusterId, $"{address}:{port}", generation);
            }
        }

        return swept;
    }

    private static async Task<bool> IsReachableAsync(string address, int port, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await client.ConnectAsync(address, port, timeout.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt < Attempts)
                {
                    await Task.Delay(RetryDelay, cancellationToken);
                }
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {ClusterId}: silo {Endpoint} (generation {Generation}) was listed as active but does not answer; marked dead so this silo can join")]
    private partial void LogMarkedDead(string clusterId, string endpoint, int generation);
}
