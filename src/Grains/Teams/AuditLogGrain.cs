using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Teams;

/// <summary>
/// Appends to and lists the audit log (see <see cref="IAuditLogGrain"/>). Stateless: every silo writes straight to
/// the store, so nothing is lost when a silo stops and no single activation serialises sign-ins.
/// </summary>
[StatelessWorker]
internal sealed class AuditLogGrain(IMetadataStore metadata, ITeamStore store, TimeProvider time) : Grain, IAuditLogGrain
{
    private const int MaxPage = 500;

    /// <inheritdoc />
    public async Task AppendAsync(Actor actor, string action, string target, string? detail)
    {
        var user = actor.UserId > 0 ? await metadata.GetUserAsync(actor.UserId) : null;
        await store.AppendAuditAsync(new AuditEntry(
            0, time.GetUtcNow(), user?.Id, user?.Username ?? "anonymous", action, target, detail, actor.Address));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(long callerId, long? beforeId, int limit)
    {
        if (await metadata.GetUserAsync(callerId) is not { Admin: true })
        {
            throw new UnauthorizedAccessException("Only server admins may read the audit log.");
        }

        return await store.ListAuditAsync(beforeId, Math.Clamp(limit, 1, MaxPage));
    }
}
