namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>The silos of one start of a <see cref="ServerDeployment"/>; the first one is where clients connect by default.</summary>
public sealed class ServerGroup(IReadOnlyList<ServerProcess> servers) : IAsyncDisposable
{
    public IReadOnlyList<ServerProcess> Servers { get; } = servers;

    /// <summary>The silo clients talk to unless a test spreads them.</summary>
    public ServerProcess Primary => Servers[0];

    /// <summary>What every silo printed, for failure messages.</summary>
    public string Output => string.Join("\n", Servers.Select((s, i) => $"--- silo {i} ---\n{s.Output}"));

    /// <summary>Graceful stop of every silo (SIGTERM), as a service manager would do it.</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(Servers.Select(s => s.StopAsync()));
    }

    /// <summary>kill -9 of every silo at once.</summary>
    public async Task KillAsync()
    {
        await Task.WhenAll(Servers.Select(s => s.KillAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }
}
