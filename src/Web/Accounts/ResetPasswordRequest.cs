namespace Orleans.Wandb.Web.Accounts;

/// <summary>The body of <c>POST /api/admin/users/{id}/password</c>; without a password one is generated and shown once.</summary>
public sealed record ResetPasswordRequest(string? Password);
