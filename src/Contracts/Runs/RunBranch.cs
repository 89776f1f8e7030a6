namespace Orleans.Wandb.Contracts.Runs;

/// <summary>
/// A run as a fork sees it at its branch point (<c>fork_from="run?_step=N"</c>): how many history rows the point
/// keeps, the config and the summary those rows leave, and one page of the rows (null for a gap).
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.run-branch.v1")]
public sealed record RunBranch(
    [property: Id(0)] int Rows,
    [property: Id(1)] string Config,
    [property: Id(2)] string Summary,
    [property: Id(3)] int From,
    [property: Id(4)] IReadOnlyList<string?> Lines);
