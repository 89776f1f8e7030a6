namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>The states of an artifact version, spelled as the clients expect them (<c>ArtifactState</c> enum).</summary>
public static class ArtifactStates
{
    /// <summary>Created; files and manifest are being uploaded.</summary>
    public const string Pending = "PENDING";

    /// <summary>Committed: has a version index and is readable by name.</summary>
    public const string Committed = "COMMITTED";

    /// <summary>Deleted (answered by <c>deleteArtifact</c>; deleted versions are never found again).</summary>
    public const string Deleted = "DELETED";
}
