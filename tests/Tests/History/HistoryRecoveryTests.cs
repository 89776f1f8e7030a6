using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Core.Internal;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Runs;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Tests.Grains;

namespace Orleans.Wandb.Tests.History;

/// <summary>
/// The run grain's history across activations: compacted on deactivation, replayed from the log after the
/// manifest, and rebuilt from the log when a stored blob is damaged (blobs are not fsynced; the log is).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HistoryRecoveryTests(ClusterFixture fixture)
{
    private static FileStreamBatch History(int offset, int count) => new()
    {
        Files = [new FileChunk(StreamFiles.History, offset, Enumerable.Range(offset, count).Select(i => $"{{\"loss\": {1.0 / (i + 1)}, \"_step\": {i}}}").ToArray())],
    };

    private async Task<(IReadOnlyList<string> Lines, IReadOnlyList<ChartSeries> Chart, string Keys)> ReadAsync(IRunGrain run) =>
        (await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 0)),
         await run.GetChartAsync(new ChartQuery(["loss"], "_step", null, null, 10)),
         await run.GetHistoryKeysAsync());

    [Fact]
    public async Task A_run_reads_the_same_after_compaction_after_replay_and_after_a_rebuild_from_a_damaged_manifest()
    {
        var key = TestNames.RunKeyInFreshProject();
        var run = fixture.GrainFactory.GetGrain<IRunGrain>(key);
        await run.AppendAsync(History(0, 3000));
        var before = await ReadAsync(run);
        Assert.Equal(3000, before.Lines.Count);

        // Deactivation compacts everything; the next batch stays in the log only, beyond the manifest.
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await run.AppendAsync(History(3000, 10));
        var replayed = await ReadAsync(run);
        Assert.Equal(3010, replayed.Lines.Count);
        Assert.Equal(before.Lines, replayed.Lines.Take(3000));

        // A call after a deactivation waits for it (one activation at a time), so its writes are done.
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await run.GetAsync();
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var (entity, project, name) = RunKey.Parse(key);
        await File.WriteAllTextAsync(Path.Combine(fixture.DataDir, "segments", entity, project, name, "manifest.json"), "{\"torn");

        var rebuilt = await ReadAsync(run);
        Assert.Equal(replayed.Lines, rebuilt.Lines);
        Assert.Equal(replayed.Keys, rebuilt.Keys);
        Assert.Equal(replayed.Chart[0].Points, rebuilt.Chart[0].Points);
    }

    [Fact]
    public async Task A_run_whose_stored_history_an_overlapping_activation_superseded_still_accepts_batches_and_loses_no_row()
    {
        var key = TestNames.RunKeyInFreshProject();
        var run = fixture.GrainFactory.GetGrain<IRunGrain>(key);
        await run.UpsertAsync(new RunUpsert { UserId = 1 });
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        // The run's activation on another silo (own cache) acknowledges a batch and compacts it: segment 0, version 1.
        var options = fixture.SiloServices.GetRequiredService<IOptions<HistoryOptions>>();
        var store = fixture.SiloServices.GetRequiredService<IHistorySegmentStore>();
        await using var writer = new HistoryWriter(store);
        using var otherCache = new HistoryCache(options);
        var other = new RunHistory(key, store, writer, otherCache, options.Value);
        await other.LoadAsync();
        other.Accept(History(0, 100).Files, await AppendToLogAsync(key, History(0, 100)));
        await other.FlushAsync();

        // A silo dies and the directory briefly lets a second activation start here: it loads that manifest.
        Assert.Equal(100, (await run.GetAsync())!.HistoryLineCount);

        // The other activation, still alive, acknowledges one more batch and compacts again: version 2 supersedes
        // version 1, which it removes, although the manifest this activation loaded still names it.
        other.Accept(History(100, 100).Files, await AppendToLogAsync(key, History(100, 100)));
        await other.FlushAsync();

        // The client's next batch lands here. It is served (not failed for good), and every acknowledged row reads back.
        await run.AppendAsync(History(200, 100));
        var lines = await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 0));
        Assert.Equal(History(0, 300).Files[0].Lines, lines);
        Assert.Equal(300, (await run.GetAsync())!.HistoryLineCount);
    }

    private async Task<long> AppendToLogAsync(string key, FileStreamBatch batch)
    {
        using var record = RunLogCodec.Encode(batch, ClusterFixture.Clock.GetUtcNow());
        return await fixture.RunLog.AppendAsync(key, record.Memory);
    }
}
