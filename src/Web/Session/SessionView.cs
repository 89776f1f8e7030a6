namespace Orleans.Wandb.Web.Session;

/// <summary>
/// Who is logged in, as the web app shows it, and the base URL to give <c>wandb login --host</c>. While
/// <see cref="MustChangePassword"/> is true the session can do nothing but change the password. <see cref="Id"/> is the
/// user's opaque id, as the admin page lists it (<see cref="Accounts.AdminUserView"/>).
/// </summary>
public sealed record SessionView(
    string Id,
    string Username,
    string Email,
    bool Admin,
    string Entity,
    bool MustChangePassword,
    IReadOnlyList<string> Entities,
    string ServerUrl);
