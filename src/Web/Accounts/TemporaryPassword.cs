namespace Orleans.Wandb.Web.Accounts;

/// <summary>
/// A user whose password an admin just set, and that password when the server generated it (shown this once;
/// the user must change it at first login).
/// </summary>
public sealed record TemporaryPassword(AdminUserView? User, string? Password);
