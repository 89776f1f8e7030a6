namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>Times are stored as epoch milliseconds in both databases.</summary>
internal static class EpochMs
{
    /// <summary>The instant <paramref name="ms"/> milliseconds after the Unix epoch.</summary>
    public static DateTimeOffset ToTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
