using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The statuses failures map to: 503 for what a retry fixes (W&amp;B clients retry it), 500 for a server bug.
/// </summary>
public sealed class FailureStatusTests
{
    public static TheoryData<Exception> Transient() => new()
    {
        new StorageUnavailableException("blob store down"),
        new SiloUnavailableException("silo died"),
        new TimeoutException("slow"),
        // Another activation of the grain wrote its state: Orleans deactivates this one, the retry meets a fresh one.
        new InconsistentStateException("stale etag"),
        new AggregateException(new InvalidOperationException("other"), new InconsistentStateException("stale etag")),
        new InvalidOperationException("wrapper", new InconsistentStateException("stale etag")),
        // Orleans' ADO.NET providers during a database outage: the driver's error, wrapped by Orleans.
        new OrleansException("Error from storage provider during ReadStateAsync", new DriverError(isTransient: true)),
        new OrleansException("Error from storage provider", new DriverError(isTransient: false, new EndOfStreamException("connection lost"))),
        new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused),
    };

    [Fact]
    public async Task The_MySQL_driver_failing_to_reach_the_database_answers_503_also_when_Orleans_wraps_it()
    {
        // A real MySqlConnector failure: a port nothing listens on.
        var closedPort = FreePorts.Next();
        await using var connection = new MySqlConnector.MySqlConnection($"Server=127.0.0.1;Port={closedPort};User ID=x;Password=x;Connection Timeout=5;Pooling=false");
        var refused = await Assert.ThrowsAsync<MySqlConnector.MySqlException>(() => connection.OpenAsync());

        Assert.Equal(503, FailureStatus.Classify(refused).Status);
        Assert.Equal(503, FailureStatus.Classify(new OrleansException("Error from storage provider AdoNetGrainStorage", refused)).Status);
    }

    [Fact]
    public void A_database_error_that_is_not_transient_stays_a_500()
    {
        Assert.Equal(500, FailureStatus.Classify(new OrleansException("Error from storage provider", new DriverError(isTransient: false))).Status);
    }

    /// <summary>A database driver's error (DbException is abstract); MySqlConnector's own are not constructible.</summary>
    private sealed class DriverError(bool isTransient, Exception? inner = null) : System.Data.Common.DbException("driver error", inner)
    {
        public override bool IsTransient => isTransient;
    }

    [Theory]
    [MemberData(nameof(Transient))]
    public void Failures_a_retry_can_fix_answer_503(Exception failure)
    {
        Assert.Equal(503, FailureStatus.Classify(failure).Status);
    }

    [Fact]
    public void A_server_bug_answers_500_without_its_message()
    {
        var (status, message) = FailureStatus.Classify(new InvalidDataException("History segment h/000000-v1.seg is missing."));

        Assert.Equal(500, status);
        Assert.DoesNotContain("segment", message);
    }
}
