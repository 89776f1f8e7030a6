namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>What <c>upsertSweep</c> answers: the sweep, whether it was created, and warnings about its config.</summary>
[GenerateSerializer, Immutable, Alias("wandb.sweep-upsert-result.v1")]
public sealed record SweepUpsertResult(
    [property: Id(0)] SweepInfo Sweep,
    [property: Id(1)] bool Inserted,
    [property: Id(2)] IReadOnlyList<string> Warnings);
