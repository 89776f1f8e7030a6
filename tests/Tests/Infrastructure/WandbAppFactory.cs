using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Tests.Cluster;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// The whole server (silo + HTTP) in the test process on a data folder of its own, with an admin whose API key
/// the test knows. Extra settings use the same names as the environment variables users set.
/// <see cref="StartClusterAsync"/> makes it one silo of a cluster profile (MariaDB + Azurite) whose other silos
/// are real server processes: requests enter here and grain calls spread over all silos.
/// </summary>
public sealed class WandbAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDataDir _data = new();
    private readonly Dictionary<string, string> _settings;
    private readonly List<ServerProcess> _peers = [];

    public WandbAppFactory(IDictionary<string, string>? settings = null)
    {
        _settings = new Dictionary<string, string>
        {
            ["DATA_DIR"] = _data.Path,
            ["SILO_PORT"] = FreePorts.Next().ToString(),
            ["GATEWAY_PORT"] = FreePorts.Next().ToString(),
            ["ADMIN_API_KEY"] = AdminApiKey,
            ["ADMIN_PASSWORD"] = "test-password-1",

            // Public ids are made with one process-wide key: every server this test process hosts shares it.
            ["PUBLIC_ID_KEY"] = TestKeys.PublicIdKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
    }

    public string AdminApiKey { get; } = TestKeys.NewApiKey();

    /// <summary>The other silos of a cluster (empty for the embedded profile).</summary>
    public IReadOnlyList<ServerProcess> Peers => _peers;

    /// <summary>
    /// An app on a new, empty cluster of <paramref name="silos"/> silos: this in-process one plus real server
    /// processes, on the shared MariaDB and Azurite.
    /// </summary>
    public static async Task<WandbAppFactory> StartClusterAsync(int silos = 2, IDictionary<string, string>? extra = null)
    {
        var dependencies = await ClusterDependencies.Shared;
        var settings = await dependencies.NewClusterSettingsAsync();
        settings["PUBLIC_ID_KEY"] = TestKeys.PublicIdKey;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var app = new WandbAppFactory(settings);
        try
        {
            _ = app.Services;
            for (var i = 1; i < silos; i++)
            {
                app._peers.Add(await ServerProcess.StartAsync(app._data.Path + "-peer" + i, app.AdminApiKey, settings));
            }

            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    public string DataDir => _data.Path;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public WandbClient CreateWandbClient(string? apiKey) => new(CreateClient(), apiKey);

    public WandbClient CreateAdminClient() => CreateWandbClient(AdminApiKey);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, TestClientAddress>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // WebApplicationFactory may dispose twice; the peers go on the first call.
            foreach (var peer in _peers)
            {
                peer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            _peers.Clear();

            _data.Dispose();
        }
    }
}
