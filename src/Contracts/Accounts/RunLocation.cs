namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>Where a run lives, found from its numeric storage id.</summary>
[GenerateSerializer, Immutable, Alias("wandb.run-location.v1")]
public sealed record RunLocation(
    [property: Id(0)] long RunId,
    [property: Id(1)] string Entity,
    [property: Id(2)] string Project,
    [property: Id(3)] string Name);
