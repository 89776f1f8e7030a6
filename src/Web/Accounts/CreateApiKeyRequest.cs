namespace Orleans.Wandb.Web.Accounts;

/// <summary>The body of <c>POST /api/account/keys</c>.</summary>
public sealed record CreateApiKeyRequest(string? Description);
