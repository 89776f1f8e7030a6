namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// This silo's generation of cached directory answers. <see cref="DirectoryGrain"/> tags every cached answer with the
/// epoch read before it queried the store and reuses it only while the epoch is unchanged; advancing the epoch therefore
/// invalidates every cache of every activation on the silo at once, at the cost of one integer read per lookup.
/// It advances when this silo commits a directory change (<see cref="DirectoryChanges"/>) and when
/// <see cref="DirectoryVersionWatcher"/> sees that another silo did.
/// </summary>
public sealed class DirectoryEpoch
{
    private long _current;

    /// <summary>The current epoch.</summary>
    public long Current => Interlocked.Read(ref _current);

    /// <summary>Makes every answer cached so far stale.</summary>
    public void Advance() => Interlocked.Increment(ref _current);
}
