namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// <c>ServerInfo</c>. <c>cliVersionInfo</c> is a JSON object whose <c>max_cli_version</c> the clients compare
/// with fixed thresholds (alerts, artifact listings), so it is set high; <c>features</c> stays empty, the
/// simplest path for every client generation.
/// </summary>
public sealed record ServerInfoModel(
    IReadOnlyDictionary<string, object?> CliVersionInfo,
    LocalVersionInfoModel LatestLocalVersionInfo,
    IReadOnlyList<object> Features,
    IReadOnlyList<string> AvailableBucketProviders,
    string FrontendHost);
