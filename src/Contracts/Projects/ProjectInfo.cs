namespace Orleans.Wandb.Contracts.Projects;

/// <summary>A project ("model" in W&amp;B's GraphQL): a named collection of runs owned by an entity.</summary>
[GenerateSerializer, Immutable, Alias("wandb.project-info.v1")]
public sealed record ProjectInfo
{
    /// <summary>Numeric id (GraphQL <c>internalId</c>; relay-encoded as <c>Project.id</c>).</summary>
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required string Entity { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public string? Description { get; init; }
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public long CreatedBy { get; init; }
    [Id(6)] public int RunCount { get; init; }
    [Id(7)] public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>Who may read it: one of <see cref="ProjectAccess"/>.</summary>
    [Id(8)] public string Access { get; init; } = ProjectAccess.Team;
}
