using Orleans.Core.Internal;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Tests.Grains;

/// <summary>
/// Shared mode at the run grain: each writer's lines are appended after everyone else's, a writer's resend is
/// skipped, and the per-writer cursors come back from the run log after a deactivation (the checkpointed state
/// does not have them yet), so resends stay idempotent across restarts.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SharedWriterGrainTests(ClusterFixture fixture)
{
    private static FileStreamBatch Shared(string writer, int offset, params string[] rows) =>
        new() { WriterId = writer, Files = [new FileChunk(StreamFiles.History, offset, rows)] };

    private static string Row(string writer, int i) => $"{{\"w\": \"{writer}\", \"i\": {i}}}";

    private IRunGrain NewRun() => fixture.GrainFactory.GetGrain<IRunGrain>(TestNames.RunKeyInFreshProject());

    private static async Task<IReadOnlyList<string>> HistoryAsync(IRunGrain run) =>
        await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 0));

    [Fact]
    public async Task Two_writers_at_offset_0_are_appended_one_after_the_other_with_inferred_steps()
    {
        var run = NewRun();
        await run.AppendAsync(Shared("a", 0, Row("a", 0), Row("a", 1)));
        await run.AppendAsync(Shared("b", 0, Row("b", 0), Row("b", 1)));

        Assert.Equal(4, (await run.GetAsync())!.HistoryLineCount);
        Assert.Equal(
            [
                "{\"_step\": 0, \"w\": \"a\", \"i\": 0}", "{\"_step\": 1, \"w\": \"a\", \"i\": 1}",
                "{\"_step\": 2, \"w\": \"b\", \"i\": 0}", "{\"_step\": 3, \"w\": \"b\", \"i\": 1}",
            ],
            await HistoryAsync(run));
    }

    [Fact]
    public async Task A_resend_and_an_overlapping_batch_store_each_row_once()
    {
        var run = NewRun();
        await run.AppendAsync(Shared("a", 0, Row("a", 0), Row("a", 1)));
        await run.AppendAsync(Shared("b", 0, Row("b", 0)));
        await run.AppendAsync(Shared("a", 0, Row("a", 0), Row("a", 1)));
        await run.AppendAsync(Shared("a", 1, Row("a", 1), Row("a", 2)));

        var rows = await HistoryAsync(run);
        Assert.Equal(4, rows.Count);
        Assert.EndsWith("\"w\": \"a\", \"i\": 2}", rows[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_cursors_survive_a_deactivation_so_retries_after_it_store_nothing_twice()
    {
        var run = NewRun();
        await run.AppendAsync(Shared("a", 0, Row("a", 0), Row("a", 1)));
        await run.AppendAsync(Shared("b", 0, Row("b", 0)));
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        // The same batches again, as clients retrying after a crash would send them: nothing new is stored.
        await run.AppendAsync(Shared("a", 0, Row("a", 0), Row("a", 1)));
        await run.AppendAsync(Shared("b", 0, Row("b", 0)));
        await run.AppendAsync(Shared("b", 1, Row("b", 1)));

        Assert.Equal(4, (await run.GetAsync())!.HistoryLineCount);
        Assert.Equal(["a", "a", "b", "b"], (await HistoryAsync(run)).Select(r => r.Split('"')[5]));
    }

    [Fact]
    public async Task Summaries_of_writers_merge_by_key_and_the_later_value_of_a_shared_key_wins()
    {
        var run = NewRun();
        await run.AppendAsync(new FileStreamBatch
        {
            WriterId = "a",
            Files = [new FileChunk(StreamFiles.Summary, 0, ["{\"loss_a\": 0.5, \"epoch\": 1, \"best\": NaN}"])],
        });
        await run.AppendAsync(new FileStreamBatch
        {
            WriterId = "b",
            Files = [new FileChunk(StreamFiles.Summary, 0, ["{\"loss_b\": 0.25, \"epoch\": 2}"])],
        });

        Assert.Equal("{\"loss_a\": 0.5, \"epoch\": 2, \"best\": NaN, \"loss_b\": 0.25}", (await run.GetAsync())!.SummaryMetrics);
    }

    [Fact]
    public async Task Console_lines_are_appended_per_writer_and_a_redrawn_line_replaces_its_own()
    {
        var run = NewRun();
        await run.AppendAsync(new FileStreamBatch { WriterId = "a", Files = [new FileChunk(StreamFiles.Output, 0, ["a0", "a1 10%"])] });
        await run.AppendAsync(new FileStreamBatch { WriterId = "b", Files = [new FileChunk(StreamFiles.Output, 0, ["b0"])] });
        await run.AppendAsync(new FileStreamBatch { WriterId = "a", Files = [new FileChunk(StreamFiles.Output, 1, ["a1 100%", "a2"])] });
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await run.AppendAsync(new FileStreamBatch { WriterId = "b", Files = [new FileChunk(StreamFiles.Output, 0, ["b0 done"])] });

        var output = await fixture.GrainFactory.GetGrain<Orleans.Wandb.Contracts.Live.IRunLiveGrain>(run.GetPrimaryKeyString()).GetOutputAsync(0, 100);
        Assert.Equal(["a0", "a1 100%", "b0 done", "a2"], output.Lines);
    }

    [Fact]
    public void A_shared_record_round_trips_through_the_log_codec()
    {
        var shared = new SharedBatch("writer-1", new FileStreamBatch { Files = [new FileChunk(StreamFiles.History, 7, ["{\"_step\": 7}"])] }, [3]);
        using var record = RunLogCodec.Encode(shared, DateTimeOffset.UnixEpoch);
        var decoded = RunLogCodec.Decode(record.Memory.ToArray());
        Assert.Equal("writer-1", decoded.WriterId);
        Assert.Equal([3], decoded.ClientOffsets);
        Assert.Equal(7, decoded.Files[0].Offset);
        Assert.Equal(["{\"_step\": 7}"], decoded.Files[0].Lines);
    }
}
