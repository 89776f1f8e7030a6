namespace Orleans.Wandb.Contracts.Live;

/// <summary>
/// A slice of a run's console output: <see cref="Lines"/> are lines <see cref="Start"/>, <see cref="Start"/> + 1, …
/// of <c>output.log</c> (empty strings where nothing was written), and <see cref="Total"/> how many lines it has.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.output-lines.v1")]
public sealed record OutputLines(
    [property: Id(0)] int Start,
    [property: Id(1)] IReadOnlyList<string> Lines,
    [property: Id(2)] int Total);
