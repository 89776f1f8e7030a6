namespace Orleans.Wandb.Web.Session;

/// <summary>The body of <c>POST /api/session/password</c>.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
