namespace Orleans.Wandb.Web.Session;

/// <summary>The body of <c>POST /api/session/login</c>: an email (or username) and a password.</summary>
public sealed record LoginRequest(string? Login, string? Password);
