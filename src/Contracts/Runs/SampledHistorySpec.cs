namespace Orleans.Wandb.Contracts.Runs;

/// <summary>
/// One <c>sampledHistory</c> spec (docs/protocol/runs.md#history): at most <see cref="Samples"/> rows that have every key, each
/// reduced to those keys, from the rows with <c>MinStep ≤ _step ≤ MaxStep</c> (max inclusive, unlike
/// <c>history</c>). A dotted key <c>a.b</c> reaches into nested objects.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.sampled-history-spec.v1")]
public sealed record SampledHistorySpec(
    [property: Id(0)] IReadOnlyList<string> Keys,
    [property: Id(1)] int Samples,
    [property: Id(2)] long? MinStep,
    [property: Id(3)] long? MaxStep,
    [property: Id(4)] RunStream Stream = RunStream.History);
