using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Counts failed sign-ins of one account or address in a fixed window (see <see cref="ILoginFailuresGrain"/>). In
/// memory: the activation is kept alive while its window is open, so idle collection never resets a count early.
/// </summary>
internal sealed class LoginFailuresGrain(TimeProvider time) : Grain, ILoginFailuresGrain
{
    private int _count;
    private DateTimeOffset _closesAt;

    /// <inheritdoc />
    public ValueTask<LoginFailures> GetAsync() => ValueTask.FromResult(Current());

    /// <inheritdoc />
    public ValueTask<LoginFailures> RecordAsync(TimeSpan window)
    {
        var now = time.GetUtcNow();
        if (now >= _closesAt)
        {
            _count = 0;
            _closesAt = now + window;
            DelayDeactivation(window);
        }

        _count = _count == int.MaxValue ? _count : _count + 1;
        return ValueTask.FromResult(Current());
    }

    private LoginFailures Current()
    {
        var left = _closesAt - time.GetUtcNow();
        return left > TimeSpan.Zero ? new LoginFailures(_count, left) : new LoginFailures(0, TimeSpan.Zero);
    }
}
