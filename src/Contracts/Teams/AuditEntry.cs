namespace Orleans.Wandb.Contracts.Teams;

/// <summary>One line of the append-only audit log: who did what to which target, when and from where.</summary>
/// <param name="Action">A dotted verb such as <c>team.member.add</c> or <c>apikey.revoke</c>.</param>
/// <param name="Target">What was acted on, e.g. <c>team/vision</c> or <c>project/vision/cats</c>.</param>
[GenerateSerializer, Immutable, Alias("wandb.audit-entry.v1")]
public sealed record AuditEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] long? ActorId,
    [property: Id(3)] string ActorName,
    [property: Id(4)] string Action,
    [property: Id(5)] string Target,
    [property: Id(6)] string? Detail,
    [property: Id(7)] string? Address);
