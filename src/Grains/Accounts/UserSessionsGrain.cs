using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Keeps a user's session stamp (<see cref="IUserSessionsGrain"/>) in grain state, written before the revocation is
/// acknowledged: a logout or password change that answered is never undone by a restart.
/// </summary>
internal sealed class UserSessionsGrain(
    [PersistentState(StateNames.UserSessions, StorageNames.Metadata)] IPersistentState<UserSessionsState> state)
    : Grain, IUserSessionsGrain
{
    /// <inheritdoc />
    public ValueTask<long> GetStampAsync() => ValueTask.FromResult(state.State.Stamp);

    /// <inheritdoc />
    public async Task<long> AdvanceAsync()
    {
        state.State.Stamp++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Stamp--;
            throw;
        }

        return state.State.Stamp;
    }
}
