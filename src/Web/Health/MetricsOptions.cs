namespace Orleans.Wandb.Web.Health;

/// <summary>The <c>/metrics</c> endpoint ("Metrics"): what Prometheus scrapes, and who may.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve <c>/metrics</c>. On by default: it answers only those allowed below.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A bearer token a scraper presents instead of an instance admin's API key (<c>METRICS_TOKEN</c>), so the
    /// monitoring system holds no key that could change anything. At least 32 characters; unset, only instance
    /// admins' keys are accepted.
    /// </summary>
    public string? ScrapeToken { get; set; }

    /// <summary>The shortest scrape token accepted: a guessable one would open the endpoint to anyone.</summary>
    public const int MinScrapeTokenLength = 32;
}
