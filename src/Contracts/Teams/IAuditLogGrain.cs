namespace Orleans.Wandb.Contracts.Teams;

/// <summary>
/// The audit log: appended to by the grains and endpoints that change accounts, teams and projects, listed for
/// server admins. There is deliberately no method that edits or removes an entry. A stateless worker (key 0).
/// </summary>
[Alias("wandb.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>Records that <paramref name="actor"/> did <paramref name="action"/> to <paramref name="target"/>.</summary>
    [Alias("Append")]
    Task AppendAsync(Actor actor, string action, string target, string? detail);

    /// <summary>The newest entries first, older than <paramref name="beforeId"/> when given; server admins only.</summary>
    [Alias("List")]
    Task<IReadOnlyList<AuditEntry>> ListAsync(long callerId, long? beforeId, int limit);
}
