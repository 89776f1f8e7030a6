using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Admin;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Grains.Admin;

/// <summary>
/// Keeps the <see cref="ClientVersionPolicy"/> in grain state, written before the admin is answered, and serves it
/// from memory to every <c>serverInfo</c> query.
/// </summary>
internal sealed partial class ClientVersionPolicyGrain(
    [PersistentState(StateNames.ClientVersionPolicy, StorageNames.Metadata)] IPersistentState<ClientVersionPolicyState> state,
    ILogger<ClientVersionPolicyGrain> logger) : Grain, IClientVersionPolicyGrain
{
    /// <inheritdoc />
    public ValueTask<ClientVersionPolicy> GetAsync() => ValueTask.FromResult(state.State.Policy ?? ClientVersionPolicy.Default);

    /// <inheritdoc />
    public async Task SetAsync(Actor actor, ClientVersionPolicy policy)
    {
        if (ClientVersionPolicyRules.Validate(policy) is { } problem)
        {
            throw new ArgumentException(problem, nameof(policy));
        }

        var previous = state.State.Policy;
        state.State.Policy = policy;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Policy = previous;
            throw;
        }

        LogPolicyChanged(logger, actor.UserId, policy.LatestVersion, policy.MinimumVersion);
        await GrainFactory.GetGrain<IAuditLogGrain>(0).AppendAsync(
            actor, "instance.client-versions.set", "instance", $"latest={policy.LatestVersion} minimum={policy.MinimumVersion}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client version policy set by user {UserId}: latest {LatestVersion}, minimum {MinimumVersion}")]
    private static partial void LogPolicyChanged(ILogger logger, long userId, string latestVersion, string minimumVersion);
}
