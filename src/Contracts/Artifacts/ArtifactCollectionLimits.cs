namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>What a collection's editable fields may hold (past these, the mutation answers 400 and changes nothing).</summary>
public static class ArtifactCollectionLimits
{
    /// <summary>A description's length in characters.</summary>
    public const int MaxDescriptionLength = 64 * 1024;

    /// <summary>Tags on one collection.</summary>
    public const int MaxTags = 100;

    /// <summary>Tags added or removed by one call (the clients send at most 20).</summary>
    public const int MaxTagsPerCall = 20;

    /// <summary>A tag's length in characters.</summary>
    public const int MaxTagLength = 128;
}
