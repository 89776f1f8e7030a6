namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Anonymous accounts (W&amp;B's <c>createAnonymousEntity</c>, used by <c>wandb.login(anonymous="must")</c>): anyone who
/// can reach the server gets a user and an API key without signing in. Off unless an administrator turns it on.
/// </summary>
public sealed class AnonymousOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Anonymous";

    /// <summary>Whether <c>createAnonymousEntity</c> creates accounts (<c>Anonymous:Enabled</c>); default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>At most this many anonymous accounts exist at once (<c>Anonymous:MaxUsers</c>, 1–1,000,000); default 1,000.</summary>
    public int MaxUsers { get; set; } = 1_000;
}
