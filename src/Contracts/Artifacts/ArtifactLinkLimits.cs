namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>What linking may ask for (past these, the mutation answers 400 and links nothing).</summary>
public static class ArtifactLinkLimits
{
    /// <summary>Aliases given with one link (the clients send a handful).</summary>
    public const int MaxAliasesPerLink = 20;

    /// <summary>Links one portfolio holds.</summary>
    public const int MaxLinksPerPortfolio = 100_000;
}
