namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>What a client id names: a version (<c>clientID</c>) or a collection (<c>sequenceClientID</c>).</summary>
[GenerateSerializer, Immutable, Alias("wandb.client-id-match.v1")]
public sealed record ClientIdMatch(
    [property: Id(0)] bool IsCollection,
    [property: Id(1)] long Id);
