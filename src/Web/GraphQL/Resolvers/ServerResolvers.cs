using System.Reflection;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Admin;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Features;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary><c>serverInfo</c> and <c>organization</c>: what the clients probe before choosing code paths.</summary>
internal static class ServerResolvers
{
    /// <summary>The registered flags (<see cref="AdvertisedFeatures"/>), all enabled.</summary>
    private static readonly IReadOnlyList<object> Features = AdvertisedFeatures.All.Select(f => (object)new ServerFeatureModel(f.Name, true)).ToList();

    /// <summary>This server's version, without the source-revision suffix the SDK appends.</summary>
    public static string Version { get; } = ReadVersion();

    public static void Register(TypeSettings types)
    {
        types.For("Query")
            .ResolveAsync("serverInfo", async context => new ServerInfoModel(
                CliVersionInfo(await context.Wandb().Grains.GetGrain<IClientVersionPolicyGrain>(0).GetAsync()),
                new LocalVersionInfoModel(false, Version, Version),
                Features,
                [],
                context.Wandb().PublicUrls.BaseUrl(context.Wandb().Http)))
            // Organizations (registries, feature ramps) do not exist on this server.
            .Resolve("organization", _ => null);
    }

    /// <summary>The admin's <see cref="ClientVersionPolicy"/> in the keys the clients read.</summary>
    private static Dictionary<string, object?> CliVersionInfo(ClientVersionPolicy policy) => new()
    {
        ["max_cli_version"] = policy.LatestVersion,
        ["min_cli_version"] = policy.MinimumVersion,
    };

    private static string ReadVersion()
    {
        var assembly = typeof(ServerResolvers).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version[..plus] : version;
    }
}
