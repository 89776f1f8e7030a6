namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Console lines a shared-mode writer numbered <c>ClientStart..ClientStart+Count</c>, stored at run lines starting at
/// <c>ServerStart</c>: a later rewrite of one of them (a progress bar) replaces the run line instead of adding one.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.output-span.v1")]
internal sealed record OutputSpan(
    [property: Id(0)] int ClientStart,
    [property: Id(1)] int ServerStart,
    [property: Id(2)] int Count)
{
    /// <summary>The run line of a client line inside this span, or null when it is outside.</summary>
    public int? ServerLineOf(int clientLine) =>
        clientLine >= ClientStart && clientLine - ClientStart < Count ? ServerStart + (clientLine - ClientStart) : null;
}
