namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// The editable fields of a committed or pending version (<c>updateArtifact</c>): each is changed only when its
/// <c>Set…</c> flag is true, because the clients send only what changed (0.28's <c>update_artifact_metadata</c> sends
/// metadata alone) and null is a value for description and TTL.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-edit.v1")]
public sealed record ArtifactEdit
{
    /// <summary>The longest description accepted, in characters.</summary>
    public const int MaxDescriptionLength = 65_536;

    /// <summary>The longest metadata JSON accepted, in characters (W&amp;B keeps metadata small; files hold data).</summary>
    public const int MaxMetadataLength = 1_048_576;

    /// <summary>TTL values with a meaning besides a duration: -1 never expires, -2 inherits the collection's TTL.</summary>
    public const long TtlNever = -1, TtlInherit = -2;

    [Id(0)] public bool SetDescription { get; init; }
    [Id(1)] public string? Description { get; init; }
    [Id(2)] public bool SetMetadata { get; init; }

    /// <summary>JSON text, as the client sent it.</summary>
    [Id(3)] public string? Metadata { get; init; }
    [Id(4)] public bool SetTtl { get; init; }
    [Id(5)] public long? TtlDurationSeconds { get; init; }

    /// <summary>The problem with the edit, or null when it is acceptable.</summary>
    public string? Problem() => this switch
    {
        { Description.Length: > MaxDescriptionLength } => $"An artifact description is limited to {MaxDescriptionLength} characters.",
        { Metadata.Length: > MaxMetadataLength } => $"Artifact metadata is limited to {MaxMetadataLength} characters of JSON.",
        { TtlDurationSeconds: < TtlInherit } => "ttlDurationSeconds must be a number of seconds, -1 (never expires) or -2 (inherit).",
        _ => null,
    };
}
