namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// The <c>ArtifactManifestType</c> of <c>createArtifactManifest</c> (docs/protocol/artifacts.md#incremental-and-distributed):
/// what an uploaded manifest's entries mean for the version's file list.
/// </summary>
public static class ArtifactManifestKinds
{
    /// <summary>The whole file list (the default).</summary>
    public const string Full = "FULL";

    /// <summary>
    /// The files added to or changed in the base version (<c>baseArtifactID</c>): the version holds the base's files
    /// with these laid over them (<c>wandb.Artifact(..., incremental=True)</c>).
    /// </summary>
    public const string Incremental = "INCREMENTAL";

    /// <summary>
    /// One writer's part of a distributed version (<c>upsert_artifact</c>/<c>finish_artifact</c> with a
    /// <c>distributed_id</c>): laid over what the other writers uploaded.
    /// </summary>
    public const string Patch = "PATCH";

    /// <summary>The kind a client named (null: <see cref="Full"/>); throws <see cref="ArgumentException"/> for another.</summary>
    public static string Parse(string? type) => type switch
    {
        null or "" or Full => Full,
        Incremental => Incremental,
        Patch => Patch,
        _ => throw new ArgumentException($"Unknown artifact manifest type \"{type}\"."),
    };
}
