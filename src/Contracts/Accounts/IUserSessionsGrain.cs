namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// One user's session stamp (keyed by user id): every web session token carries the stamp it was issued under, and is
/// valid only while the stamp is unchanged. Advancing it ends every session of the user at once. Callers go through
/// <see cref="IDirectoryGrain.GetSessionStampAsync"/> and <see cref="IDirectoryGrain.EndSessionsAsync"/>, which cache
/// the stamp and announce its changes to every silo.
/// </summary>
[Alias("wandb.IUserSessionsGrain")]
public interface IUserSessionsGrain : IGrainWithIntegerKey
{
    /// <summary>The current stamp (0 until the first revocation).</summary>
    [Alias("GetStamp")]
    ValueTask<long> GetStampAsync();

    /// <summary>Advances the stamp, durably, and returns the new one: every session issued before is over.</summary>
    [Alias("Advance")]
    Task<long> AdvanceAsync();
}
