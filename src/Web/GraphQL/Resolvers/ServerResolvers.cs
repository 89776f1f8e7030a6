using System.Reflection;
using GraphQL.Utilities;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary><c>serverInfo</c> and <c>organization</c>: what the clients probe before choosing code paths.</summary>
internal static class ServerResolvers
{
    /// <summary>
    /// Clients compare <c>max_cli_version</c> with thresholds up to 0.12.21 (alerts, artifact listings); a high value
    /// enables everything. <c>min_cli_version</c> is only read by <c>wandb verify</c>.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, object?> CliVersionInfo = new Dictionary<string, object?>
    {
        ["max_cli_version"] = "0.99.0",
        ["min_cli_version"] = "0.10.0",
    };

    /// <summary>This server's version, without the source-revision suffix the SDK appends.</summary>
    public static string Version { get; } = ReadVersion();

    public static void Register(TypeSettings types)
    {
        types.For("Query")
            .Resolve("serverInfo", context => new ServerInfoModel(
                CliVersionInfo,
                new LocalVersionInfoModel(false, Version, Version),
                [],
                [],
                context.Wandb().PublicUrls.BaseUrl(context.Wandb().Http)))
            // Organizations (registries, feature ramps) do not exist on this server.
            .Resolve("organization", _ => null);
    }

    private static string ReadVersion()
    {
        var assembly = typeof(ServerResolvers).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version[..plus] : version;
    }
}
