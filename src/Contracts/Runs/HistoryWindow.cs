namespace Orleans.Wandb.Contracts.Runs;

/// <summary>Which stream of a run a history read is about.</summary>
public enum RunStream
{
    /// <summary><c>wandb-history.jsonl</c>: logged metrics.</summary>
    History = 0,

    /// <summary><c>wandb-events.jsonl</c>: system metrics.</summary>
    Events = 1,
}

/// <summary>
/// A read of stored history lines: those with <c>MinStep ≤ _step &lt; MaxStep</c> (either bound optional),
/// evenly down-sampled to at most <see cref="Samples"/> rows, first and last kept, in line order.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.history-window.v1")]
public sealed record HistoryWindow(
    [property: Id(0)] RunStream Stream,
    [property: Id(1)] long? MinStep,
    [property: Id(2)] long? MaxStep,
    [property: Id(3)] int Samples);
