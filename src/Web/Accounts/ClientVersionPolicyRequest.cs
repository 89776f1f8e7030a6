namespace Orleans.Wandb.Web.Accounts;

/// <summary>The body of <c>PUT /api/admin/client-versions</c>: the versions served as <c>serverInfo.cliVersionInfo</c>.</summary>
public sealed record ClientVersionPolicyRequest(string? LatestVersion, string? MinimumVersion);
