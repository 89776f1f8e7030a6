using Orleans.Core.Internal;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
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
}
