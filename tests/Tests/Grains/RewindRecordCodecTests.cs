using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Tests.Grains;

/// <summary>A rewind's run-log record reads back exactly as written, and file_stream records beside it are unchanged.</summary>
public sealed class RewindRecordCodecTests
{
    [Fact]
    public void A_rewind_record_round_trips_its_row_count_summary_tail_and_time()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123);
        var truncation = new HistoryTruncation(1501, "{\"loss\": NaN, \"name\": \"ü\"}", [new TailLine(1499, "{\"_step\": 1499}"), new TailLine(1500, "{\"_step\": 1500}")]);

        using var record = RunLogCodec.Encode(truncation, at);
        var decoded = RunLogCodec.Decode(record.Memory.ToArray());

        Assert.Equal(at, decoded.At);
        Assert.Empty(decoded.Files);
        Assert.False(decoded.Complete);
        Assert.Equal(truncation.Rows, decoded.Truncation!.Rows);
        Assert.Equal(truncation.Summary, decoded.Truncation.Summary);
        Assert.Equal(truncation.Tail, decoded.Truncation.Tail);
    }
}
