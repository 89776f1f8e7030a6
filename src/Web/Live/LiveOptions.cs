namespace Orleans.Wandb.Web.Live;

/// <summary>How the web app's server-sent event streams pace themselves. Section "Live".</summary>
public sealed class LiveOptions
{
    public const string SectionName = "Live";

    /// <summary>
    /// Shortest time between two change events on one stream. A run logging hundreds of rows a second would otherwise
    /// make every open page refetch its charts as often; default 1 second.
    /// </summary>
    public TimeSpan MinEventInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stream stays quiet before it sends a keep-alive comment (proxies close silent connections); default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}
