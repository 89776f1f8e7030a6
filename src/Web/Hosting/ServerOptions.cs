namespace Orleans.Wandb.Web.Hosting;

/// <summary>How the HTTP front end is reached and what it accepts. Bound from the "Server" section.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>
    /// The public base URL (scheme, host, optional path) used in every URL the server hands out, e.g.
    /// <c>https://wandb.example.com</c>. Empty: derived from each request. Environment variable <c>HOST</c>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>Largest accepted <c>file_stream</c> body. The clients cap requests at ~10 MiB; default 32 MiB.</summary>
    public long MaxFileStreamBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Largest accepted GraphQL request body. Default 16 MiB.</summary>
    public long MaxGraphQLBytes { get; set; } = 16L * 1024 * 1024;
}
