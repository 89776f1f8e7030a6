using System.Globalization;
using Orleans.Core.Internal;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Tests.Grains;

/// <summary>
/// Rewinding (<c>resume_from="run?_step=N"</c>) and forking (<c>fork_from</c>) at the run grain: a rewind drops the
/// rows after the branch point through one durable log record, so it survives a restart, also across stored
/// segments; a fork starts with its parent's rows, config and summary at the point.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RewindAndForkGrainTests(ClusterFixture fixture)
{
    private static string Row(int step, double loss) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"_step\": {step}, \"loss\": {loss}}}");

    private static FileStreamBatch History(int from, int count, Func<int, string>? row = null) =>
        new() { Files = [new FileChunk(StreamFiles.History, from, Enumerable.Range(from, count).Select(row ?? (i => Row(i, 1.0 / (i + 1)))).ToArray())] };

    private static async Task<IReadOnlyList<string>> HistoryAsync(IRunGrain run) =>
        await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 0));

    private IRunGrain Run(string key) => fixture.GrainFactory.GetGrain<IRunGrain>(key);

    private static string ForkConfig(string parent, int step, string own = "\"lr\": {\"value\": 0.5}") =>
        $"{{{own}, \"_wandb\": {{\"value\": {{\"branch_point\": {{\"run_id\": \"{parent}\", \"step\": {step}}}}}}}}}";

    [Fact]
    public async Task A_rewind_keeps_the_rows_up_to_the_step_and_the_client_goes_on_at_the_history_line_count()
    {
        var run = Run(TestNames.RunKeyInFreshProject());
        await run.UpsertAsync(new RunUpsert { Config = "{\"lr\": {\"value\": 0.1}}" });
        await run.AppendAsync(History(0, 10));
        await run.AppendAsync(new FileStreamBatch { Files = [new FileChunk(StreamFiles.Summary, 0, ["{\"_step\": 9, \"loss\": 0.1, \"best\": 7}"])] });

        var rewound = (await run.RewindAsync(4))!;

        Assert.Equal(5, rewound.HistoryLineCount);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => Row(i, 1.0 / (i + 1))), await HistoryAsync(run));
        Assert.Equal("{\"best\": 7, \"_step\": 4, \"loss\": 0.2}", rewound.SummaryMetrics);
        Assert.Equal(Row(4, 0.2), rewound.HistoryTail[^1]);
        Assert.Equal("{\"lr\": {\"value\": 0.1}}", rewound.Config);

        await run.AppendAsync(History(5, 2, i => Row(i, 9)));
        Assert.Equal(7, (await run.GetAsync())!.HistoryLineCount);
        Assert.Equal(Row(6, 9), (await HistoryAsync(run))[^1]);
        Assert.Contains("\"lastStep\":6", await run.GetHistoryKeysAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewind_is_replayed_from_the_run_log_after_a_restart()
    {
        var run = Run(TestNames.RunKeyInFreshProject());
        await run.AppendAsync(History(0, 20));
        await run.RewindAsync(9);
        await run.AppendAsync(History(10, 3, i => Row(i, 5)));
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var rows = await HistoryAsync(run);

        Assert.Equal(13, rows.Count);
        Assert.Equal(Row(9, 0.1), rows[9]);
        Assert.Equal(Row(12, 5), rows[12]);
        Assert.Equal(13, (await run.GetAsync())!.HistoryLineCount);
    }

    [Fact]
    public async Task A_rewind_across_stored_segments_drops_the_later_ones_and_keeps_the_earlier_rows_after_restarts()
    {
        var run = Run(TestNames.RunKeyInFreshProject());
        for (var from = 0; from < 3000; from += 500)
        {
            await run.AppendAsync(History(from, 500));
        }

        // Deactivating compacts every segment to the store; the rewind then works on stored segments.
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await run.RewindAsync(1500);
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal(1501, (await run.GetAsync())!.HistoryLineCount);
        var rows = await HistoryAsync(run);
        Assert.Equal(1501, rows.Count);
        Assert.Equal(Row(1500, 1.0 / 1501), rows[^1]);
        Assert.Contains("\"lastStep\":1500", await run.GetHistoryKeysAsync(), StringComparison.Ordinal);

        await run.AppendAsync(History(1501, 600, i => Row(i, 3)));
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        rows = await HistoryAsync(run);
        Assert.Equal(2101, rows.Count);
        Assert.Equal(Row(2100, 3), rows[^1]);
        Assert.Equal(Row(1000, 1.0 / 1001), rows[1000]);
    }

    [Fact]
    public async Task Rewinding_a_run_that_does_not_exist_answers_null()
    {
        Assert.Null(await Run(TestNames.RunKeyInFreshProject()).RewindAsync(3));
    }

    [Fact]
    public async Task A_fork_starts_with_the_parents_rows_config_and_summary_at_the_branch_point()
    {
        var (entity, project, parentName) = RunKey.Parse(TestNames.RunKeyInFreshProject());
        var parent = Run(RunKey.From(entity, project, parentName));
        await parent.UpsertAsync(new RunUpsert { Config = "{\"lr\": {\"value\": 0.1}, \"layers\": {\"value\": 4}}" });
        await parent.AppendAsync(History(0, 10));
        var child = Run(RunKey.From(entity, project, TestNames.Unique("fork")));

        var forked = (await child.UpsertAsync(new RunUpsert { Config = ForkConfig(parentName, 4) })).Run;

        Assert.Equal(5, forked.HistoryLineCount);
        Assert.Equal(await HistoryAsync(parent).ContinueWith(t => t.Result.Take(5)), await HistoryAsync(child));
        Assert.Equal("{\"_step\": 4, \"loss\": 0.2}", forked.SummaryMetrics);
        Assert.Contains("\"layers\": {\"value\": 4}", forked.Config, StringComparison.Ordinal);
        Assert.Contains("\"lr\": {\"value\": 0.5}", forked.Config, StringComparison.Ordinal);
        Assert.Contains("branch_point", forked.Config, StringComparison.Ordinal);

        // The client sends its whole config again later; the inherited keys stay, and the parent is untouched.
        var updated = (await child.UpsertAsync(new RunUpsert { Config = ForkConfig(parentName, 4, "\"lr\": {\"value\": 0.7}") })).Run;
        Assert.Contains("\"layers\": {\"value\": 4}", updated.Config, StringComparison.Ordinal);
        Assert.Contains("\"lr\": {\"value\": 0.7}", updated.Config, StringComparison.Ordinal);
        Assert.Equal(5, updated.HistoryLineCount);
        Assert.Equal(10, (await parent.GetAsync())!.HistoryLineCount);
    }

    [Fact]
    public async Task A_fork_copies_a_long_history_page_by_page_and_keeps_it_after_a_restart()
    {
        var (entity, project, parentName) = RunKey.Parse(TestNames.RunKeyInFreshProject());
        var parent = Run(RunKey.From(entity, project, parentName));
        for (var from = 0; from < 2500; from += 500)
        {
            await parent.AppendAsync(History(from, 500));
        }

        var child = Run(RunKey.From(entity, project, TestNames.Unique("fork")));
        await child.UpsertAsync(new RunUpsert { Config = ForkConfig(parentName, 2100) });
        await child.AppendAsync(History(2101, 2, i => Row(i, 7)));
        await child.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var rows = await HistoryAsync(child);
        Assert.Equal(2103, rows.Count);
        Assert.Equal(Row(2100, 1.0 / 2101), rows[2100]);
        Assert.Equal(Row(2102, 7), rows[^1]);
    }

    [Fact]
    public async Task A_fork_of_a_run_that_does_not_exist_is_refused_and_creates_nothing()
    {
        var key = TestNames.RunKeyInFreshProject();
        var child = Run(key);

        var error = await Assert.ThrowsAsync<InvalidRunDataException>(() => child.UpsertAsync(new RunUpsert { Config = ForkConfig("no-such-run", 3) }));

        Assert.Contains("\"no-such-run\"", error.Message, StringComparison.Ordinal);
        Assert.Null(await child.GetAsync());
    }
}
