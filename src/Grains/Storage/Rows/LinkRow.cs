using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row of <c>artifact_links</c> with its portfolio's names, as Dapper materialises it.</summary>
internal sealed class LinkRow
{
    public long PortfolioId { get; set; }
    public string Entity { get; set; } = "";
    public string Project { get; set; } = "";
    public string Portfolio { get; set; } = "";
    public long ArtifactId { get; set; }
    public long VersionIndex { get; set; }
    public long LinkedBy { get; set; }
    public long LinkedAt { get; set; }

    public ArtifactLink ToLink(ArtifactVersion version, IReadOnlyList<string> aliases) => new()
    {
        PortfolioId = PortfolioId,
        Entity = Entity,
        Project = Project,
        Portfolio = Portfolio,
        VersionIndex = VersionIndex,
        Aliases = aliases,
        LinkedBy = LinkedBy,
        LinkedAt = EpochMs.ToTime(LinkedAt),
        Version = version,
    };
}
