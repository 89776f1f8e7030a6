using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Web.Session;

/// <summary>
/// Slows password guessing without letting anyone lock an account out. Failed sign-ins are counted per client address
/// and per resolved account (its username and its email are one bucket; a name no account has is a bucket of its own),
/// in <see cref="ILoginFailuresGrain"/>s that every silo shares. An attempt is refused (429) when
/// <list type="bullet">
/// <item>its address has failed <see cref="SessionOptions.LoginAttemptsPerWindow"/> times in the window, or</item>
/// <item>the account has failed that often <em>and</em> this address has itself failed at least once.</item>
/// </list>
/// So the account's owner, signing in from an address that has not failed, always gets in however many others guess
/// at the account; a guesser moving between addresses gets one guess per fresh address once the account's bucket is
/// full.
/// </summary>
public sealed class LoginThrottle(IGrainFactory grains, IOptions<SessionOptions> options)
{
    private int Limit => Math.Max(1, options.Value.LoginAttemptsPerWindow);

    private TimeSpan Window => options.Value.LoginWindow;

    /// <summary>Zero when the attempt may go ahead; otherwise how long to wait before the next one.</summary>
    public async Task<TimeSpan> RetryAfterAsync(IPAddress? client, string accountKey)
    {
        var byAddress = await grains.GetGrain<ILoginFailuresGrain>(LoginFailuresKey.ForAddress(client)).GetAsync();
        if (byAddress.Count >= Limit)
        {
            return byAddress.RetryAfter;
        }

        if (byAddress.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var byAccount = await grains.GetGrain<ILoginFailuresGrain>(accountKey).GetAsync();
        return byAccount.Count >= Limit ? byAccount.RetryAfter : TimeSpan.Zero;
    }

    /// <summary>Counts a failed sign-in against the address and the account.</summary>
    public async Task RecordFailureAsync(IPAddress? client, string accountKey)
    {
        await grains.GetGrain<ILoginFailuresGrain>(LoginFailuresKey.ForAddress(client)).RecordAsync(Window);
        await grains.GetGrain<ILoginFailuresGrain>(accountKey).RecordAsync(Window);
    }
}
