using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>Artifact</c>: one version. Aliases, files, manifest and collection are resolved from
/// <see cref="Version"/> by the artifact resolvers; the scalar fields read straight from here.
/// </summary>
public sealed record ArtifactNode(ArtifactVersion Version)
{
    /// <summary>
    /// The portfolio link the caller reached the version through (<c>project.artifact("portfolio:alias")</c>, a portfolio's
    /// versions), or null when reached through its own sequence. Download URLs are granted for the project it names.
    /// </summary>
    public ArtifactLink? Via { get; init; }

    /// <summary>The project the caller's download URLs are granted for: the link's when reached through one.</summary>
    public (string Entity, string Project) GrantProject => Via is { } link ? (link.Entity, link.Project) : (Version.Entity, Version.Project);

    /// <summary>A version as reached through one of its links.</summary>
    public static ArtifactNode Of(ArtifactLink link) => new(link.Version) { Via = link };

    /// <summary>What the clients send when the user sets no TTL (wandb's "no TTL" marker).</summary>
    private const long NoTtl = -1;

    /// <summary>wandb's marker for "inherit the TTL of the collection".</summary>
    private const long InheritedTtl = -2;

    public string Id => ArtifactIds.Artifact(Version.Id);

    public string Digest => Version.Digest;

    public string State => Version.State;

    public string? Description => Version.Description;

    public string? Metadata => Version.Metadata;

    public string? Labels => null;

    public long? VersionIndex => Version.VersionIndex;

    public string? CommitHash => Version.CommitHash;

    public long FileCount => Version.FileCount;

    public long Size => Version.SizeBytes;

    public long? HistoryStep => Version.HistoryStep;

    public long TtlDurationSeconds => Version.TtlDurationSeconds ?? NoTtl;

    public bool TtlIsInherited => Version.TtlDurationSeconds == InheritedTtl;

    public DateTimeOffset CreatedAt => Version.CreatedAt;

    public DateTimeOffset UpdatedAt => Version.UpdatedAt;

    public IReadOnlyList<object> Tags => [];

    public ArtifactTypeNode ArtifactType => new(null, Version.Entity, Version.Project, Version.TypeName, null);

    public ArtifactCollectionNode ArtifactSequence => ArtifactCollectionNode.Of(Version);
}
