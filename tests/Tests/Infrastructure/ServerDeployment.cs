using Orleans.Wandb.Tests.Cluster;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// The durable state of one server installation and how to start silos on it: a data folder (embedded profile)
/// or a database, container and cluster id on MariaDB and Azurite (cluster profile). Starting it again after a
/// stop or a kill -9 finds everything that was acknowledged before.
/// </summary>
public sealed class ServerDeployment : IDisposable
{
    private readonly TempDataDir _data = new();
    private readonly Dictionary<string, string> _settings;
    private int _started;

    private ServerDeployment(Dictionary<string, string> settings, int silos, ClusterDependencies? dependencies, string? apiKey = null)
    {
        _settings = settings;
        Silos = silos;
        Dependencies = dependencies;
        ApiKey = apiKey ?? TestKeys.NewApiKey();
    }

    /// <summary>The admin's API key, the same on every start.</summary>
    public string ApiKey { get; }

    /// <summary>The embedded profile's data folder (unused by a cluster).</summary>
    public string DataDir => _data.Path;

    /// <summary>How many silos <see cref="StartAsync"/> starts.</summary>
    public int Silos { get; }

    /// <summary>The cluster's MariaDB and Azurite, or null for the embedded profile.</summary>
    public ClusterDependencies? Dependencies { get; }

    /// <summary>The settings every silo gets (beyond ports, data folder and admin).</summary>
    public IReadOnlyDictionary<string, string> Settings => _settings;

    /// <summary>One embedded server on a data folder of its own.</summary>
    public static ServerDeployment Embedded() => new([], 1, null);

    /// <summary>
    /// A new, empty cluster of <paramref name="silos"/> silos on <paramref name="dependencies"/> (default: the
    /// dependencies all cluster tests share).
    /// </summary>
    public static async Task<ServerDeployment> ClusterAsync(int silos, ClusterDependencies? dependencies = null)
    {
        dependencies ??= await ClusterDependencies.Shared;
        return new ServerDeployment(await dependencies.NewClusterSettingsAsync(), silos, dependencies);
    }

    /// <summary>A cluster on existing settings (e.g. one an embedded folder was migrated into), whose admin key is known.</summary>
    public static async Task<ServerDeployment> ClusterAsync(int silos, Dictionary<string, string> settings, string apiKey) =>
        new(settings, silos, await ClusterDependencies.Shared, apiKey);

    /// <summary>
    /// Starts <paramref name="silos"/> silos (default <see cref="Silos"/>; each with ports and a scratch folder of its
    /// own) and waits until all are ready, at most <paramref name="readyWithin"/> (default 60 s).
    /// </summary>
    public async Task<ServerGroup> StartAsync(
        IReadOnlyDictionary<string, string>? extra = null, int? silos = null, TimeSpan? readyWithin = null)
    {
        var settings = new Dictionary<string, string>(_settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var start = Interlocked.Increment(ref _started);

        // All silos start together, as after a full restart (a silo started alone joins too: the dead members of the
        // previous start are swept from the membership table before it joins).
        var starting = Enumerable.Range(0, silos ?? Silos).Select(i =>
        {
            // Embedded: the one silo always uses the deployment's folder. Cluster: folders hold nothing durable.
            var dataDir = Dependencies is null ? _data.Path : Path.Combine(_data.Path, $"silo{i}-start{start}");
            return ServerProcess.StartAsync(dataDir, ApiKey, settings, readyWithin);
        }).ToList();
        try
        {
            return new ServerGroup(await Task.WhenAll(starting));
        }
        catch
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync();
            }

            throw;
        }
    }

    public void Dispose() => _data.Dispose();
}
