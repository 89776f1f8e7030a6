namespace Orleans.Wandb.Web.Accounts;

/// <summary>The body of <c>POST /api/admin/users</c>; without a password one is generated and shown once.</summary>
public sealed record CreateUserRequest(string? Username, string? Email, string? Password, bool Admin);
