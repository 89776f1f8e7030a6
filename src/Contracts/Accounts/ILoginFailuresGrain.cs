namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// The failed sign-ins counted against one account or one client address (<see cref="LoginFailuresKey"/>) in the
/// current window. One activation per key in the whole cluster, so every silo counts into the same bucket; kept in
/// memory only (a restart forgets failures, which only ever lets a login through).
/// </summary>
[Alias("wandb.ILoginFailuresGrain")]
public interface ILoginFailuresGrain : IGrainWithStringKey
{
    /// <summary>The failures of the window that is open now and when it closes (none when no window is open).</summary>
    [Alias("Get")]
    ValueTask<LoginFailures> GetAsync();

    /// <summary>
    /// Counts one failed sign-in into the open window (opening one <paramref name="window"/> long when none is) and
    /// returns the new count.
    /// </summary>
    [Alias("Record")]
    ValueTask<LoginFailures> RecordAsync(TimeSpan window);
}
