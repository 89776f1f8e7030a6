namespace Orleans.Wandb.Grains.Accounts;

/// <summary>The instance admin created on first start, when there are no users yet.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Admin";

    /// <summary>The admin's email; W&amp;B Local's default.</summary>
    public string Email { get; set; } = "local@wandb.com";

    /// <summary>The admin's username (and personal entity); default: the local part of <see cref="Email"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The admin's password (<c>ADMIN_PASSWORD</c>); generated and logged once when not set.</summary>
    public string? Password { get; set; }

    /// <summary>The admin's API key (<c>ADMIN_API_KEY</c>); generated and logged once when not set.</summary>
    public string? ApiKey { get; set; }
}
