namespace Orleans.Wandb.Web.Session;

/// <summary>
/// Who is logged in, as the web app shows it, and the base URL to give <c>wandb login --host</c>. While
/// <see cref="MustChangePassword"/> is true the session can do nothing but change the password.
/// </summary>
public sealed record SessionView(
    long Id,
    string Username,
    string Email,
    bool Admin,
    string Entity,
    bool MustChangePassword,
    IReadOnlyList<string> Entities,
    string ServerUrl);
