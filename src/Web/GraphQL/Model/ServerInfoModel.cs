namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// <c>ServerInfo</c>. <c>cliVersionInfo</c> is a JSON object with the admin's client version policy
/// (<c>max_cli_version</c>, <c>min_cli_version</c>; see <c>ClientVersionPolicy</c>); <c>features</c> are the flags of
/// <c>AdvertisedFeatures</c>.
/// </summary>
public sealed record ServerInfoModel(
    IReadOnlyDictionary<string, object?> CliVersionInfo,
    LocalVersionInfoModel LatestLocalVersionInfo,
    IReadOnlyList<object> Features,
    IReadOnlyList<string> AvailableBucketProviders,
    string FrontendHost);
