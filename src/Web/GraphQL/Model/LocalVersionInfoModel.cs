namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary><c>LocalVersionInfo</c>: this server is always its own latest version, so clients print no upgrade notice.</summary>
public sealed record LocalVersionInfoModel(bool OutOfDate, string LatestVersionString, string VersionOnThisInstanceString);
