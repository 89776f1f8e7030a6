namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// A version linked into a portfolio: the version itself (its identity, digest, files and lineage stay those of its
/// sequence, nothing is copied), its index and aliases within the portfolio, and who linked it when.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-link.v1")]
public sealed record ArtifactLink
{
    [Id(0)] public long PortfolioId { get; init; }
    [Id(1)] public required string Entity { get; init; }
    [Id(2)] public required string Project { get; init; }
    [Id(3)] public required string Portfolio { get; init; }

    /// <summary>0, 1, 2… in link order within the portfolio (the portfolio's <c>v{N}</c>).</summary>
    [Id(4)] public long VersionIndex { get; init; }

    /// <summary>The aliases within the portfolio (<c>latest</c> and user aliases); <c>v{N}</c> is implied.</summary>
    [Id(5)] public IReadOnlyList<string> Aliases { get; init; } = [];
    [Id(6)] public long LinkedBy { get; init; }
    [Id(7)] public DateTimeOffset LinkedAt { get; init; }
    [Id(8)] public required ArtifactVersion Version { get; init; }

    /// <summary>The portfolio's version alias of this link (<c>v0</c>).</summary>
    public string VersionAlias => $"v{VersionIndex}";
}
