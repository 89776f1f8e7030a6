namespace Orleans.Wandb.Grains.Runs;

/// <summary>One of the last stored lines of a history or events file, with its line index.</summary>
[GenerateSerializer, Immutable, Alias("wandb.tail-line.v1")]
internal sealed record TailLine([property: Id(0)] int Index, [property: Id(1)] string Line);
