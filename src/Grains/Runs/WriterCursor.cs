namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// How far one shared-mode writer got, in its own line numbers: the lines below <see cref="HistoryNext"/> and
/// <see cref="EventsNext"/> are stored already (a resend of them is skipped), and where its recent console lines went.
/// Part of the run state and rebuilt from the run log on replay, so a restart keeps resends idempotent.
/// </summary>
[GenerateSerializer, Alias("wandb.writer-cursor.v1")]
internal sealed class WriterCursor
{
    /// <summary>The writer's next history line number.</summary>
    [Id(0)] public int HistoryNext { get; set; }

    /// <summary>The writer's next events (system metrics) line number.</summary>
    [Id(1)] public int EventsNext { get; set; }

    /// <summary>The writer's most recent console spans, oldest first (at most <see cref="SharedWriters.MaxOutputSpans"/>).</summary>
    [Id(2)] public List<OutputSpan> Output { get; set; } = [];
}
