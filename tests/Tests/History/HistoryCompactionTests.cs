using Orleans.Wandb.Grains.History;

namespace Orleans.Wandb.Tests.History;

/// <summary>
/// When history reaches storage: full segments at the next compaction tick, the still-filling last segment only
/// when asked (a quiet, finished or deactivating run). Whatever is not yet stored is rebuilt by replaying the
/// run log from the manifest's position, so a crash at any point reads back every acknowledged row.
/// </summary>
public sealed class HistoryCompactionTests
{
    // HistoryFixture uses 128-row segments: 300 rows fill segments 0 and 1 and leave 44 rows in segment 2.
    private static List<string> WriteInBatchesOf50(HistoryFixture fixture, int rows)
    {
        var lines = Enumerable.Range(0, rows).Select(i => $"{{\"_step\": {i}, \"loss\": {1.0 / (i + 3)}}}").ToList();
        for (var offset = 0; offset < rows; offset += 50)
        {
            fixture.Write(offset, [.. lines.Skip(offset).Take(50)]);
        }

        return lines;
    }

    private static string[] StoredSegments(HistoryFixture fixture) =>
        [.. Directory.GetFiles(fixture.Path, "*.seg", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)[..6]).Order()];

    [Fact]
    public async Task A_tick_writes_full_segments_and_leaves_the_filling_one_to_the_log()
    {
        await using var fixture = new HistoryFixture();
        var lines = WriteInBatchesOf50(fixture, 300);

        await fixture.CompactAsync(includeOpen: false);

        Assert.Equal(["000000", "000001"], StoredSegments(fixture));

        // Rows 250-299 came in one batch that also reached segment 1; the manifest points before that batch.
        Assert.Equal(fixture.Position - 100, fixture.Run.StoredPosition);
        Assert.Equal(lines, await HistoryRows.ReadAsync(fixture.Run.History, null, null, 0));
    }

    [Fact]
    public async Task Rows_only_in_the_log_come_back_after_a_crash()
    {
        await using var fixture = new HistoryFixture();
        var lines = WriteInBatchesOf50(fixture, 300);
        await fixture.CompactAsync(includeOpen: false);

        await fixture.CrashAndReplayAsync();

        Assert.Equal(lines, await HistoryRows.ReadAsync(fixture.Run.History, null, null, 0));
    }

    [Fact]
    public async Task A_quiet_run_writes_its_filling_segment_and_the_manifest_catches_up_with_the_log()
    {
        await using var fixture = new HistoryFixture();
        var lines = WriteInBatchesOf50(fixture, 300);
        await fixture.CompactAsync(includeOpen: false);

        await fixture.CompactAsync(includeOpen: true);

        Assert.Equal(["000000", "000001", "000002"], StoredSegments(fixture));
        Assert.Equal(fixture.Position, fixture.Run.StoredPosition);
        await fixture.CrashAndReplayAsync();
        Assert.Equal(lines, await HistoryRows.ReadAsync(fixture.Run.History, null, null, 0));
    }

    [Fact]
    public async Task A_rewrite_of_a_stored_segment_is_written_again_and_survives_a_crash()
    {
        await using var fixture = new HistoryFixture();
        var lines = WriteInBatchesOf50(fixture, 300);
        await fixture.CompactAsync(includeOpen: true);

        // A resend that replaces rows of the first segment (file_stream offsets replace what is there).
        lines[10] = "{\"_step\": 10, \"loss\": 0.25}";
        fixture.Write(10, lines[10]);
        await fixture.CompactAsync(includeOpen: false);
        Assert.Equal(fixture.Position, fixture.Run.StoredPosition);

        await fixture.CrashAndReplayAsync();
        Assert.Equal(lines, await HistoryRows.ReadAsync(fixture.Run.History, null, null, 0));
    }
}
