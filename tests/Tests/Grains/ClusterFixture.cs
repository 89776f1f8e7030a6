using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Tests.Grains;

/// <summary>
/// One in-process silo with the real embedded storage in a temporary data folder, shared by the grain tests.
/// Run time is a <see cref="FakeTimeProvider"/> (the keyed run clock only: Orleans keeps its real clock).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The API key the admin bootstrap is given through configuration.</summary>
    public const string AdminApiKey = "local-0123456789abcdef0123456789abcdef01234567";

    /// <summary>The run clock of the silo; static because silo configurators are created by the test host.</summary>
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 6, 15, 11, TimeSpan.Zero));

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "wandb-grain-tests-" + Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <summary>The silo's services (stores, account admin).</summary>
    public IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public AccountAdmin Accounts => SiloServices.GetRequiredService<AccountAdmin>();

    public IMetadataStore Metadata => SiloServices.GetRequiredService<IMetadataStore>();

    public IRunLogStore RunLog => SiloServices.GetRequiredService<IRunLogStore>();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["Storage:DataDir"] = DataDir;
        builder.Properties["Admin:ApiKey"] = AdminApiKey;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run for.
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(ServiceKeys.Clock, Clock);
            siloBuilder.AddEmbeddedStorage();
        }
    }
}
