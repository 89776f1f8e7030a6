namespace Orleans.Wandb.Grains.Live;

/// <summary>
/// A change version that viewers can await, owned by one grain activation (so only ever touched on its scheduler).
/// The version starts at the activation's start time in ticks and counts up from there, so it keeps growing across
/// deactivations and a viewer holding an older version is answered at once.
/// </summary>
internal sealed class ChangeSignal
{
    /// <summary>Longest wait per call, well under Orleans' 30 s call timeout; viewers simply call again.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private long _version = DateTimeOffset.UtcNow.UtcTicks;
    private TaskCompletionSource? _changed;

    /// <summary>The current version.</summary>
    public long Version => _version;

    /// <summary>Bumps the version and wakes every waiter.</summary>
    public void Notify()
    {
        _version++;
        var waiters = _changed;
        _changed = null;
        waiters?.TrySetResult();
    }

    /// <summary>The current version once it differs from <paramref name="knownVersion"/>, or after the wait.</summary>
    public async Task<long> WaitAsync(long knownVersion, TimeSpan maxWait)
    {
        if (_version != knownVersion || maxWait <= TimeSpan.Zero)
        {
            return _version;
        }

        _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _changed.Task.WaitAsync(maxWait < MaxWait ? maxWait : MaxWait);
        }
        catch (TimeoutException)
        {
            // Nothing changed; the caller sends a keep-alive and asks again.
        }

        return _version;
    }
}
