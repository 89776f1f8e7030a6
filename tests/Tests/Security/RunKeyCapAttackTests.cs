using System.Text;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Projects;
using Orleans.Wandb.Grains.Runs;
using Orleans.Wandb.Tests.Grains;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Small requests that cost gigabytes (issue #11 item 5): keys cost memory for the runs that hold them only, and
/// the caps on keys per run and per project refuse (400) what would pass them, storing nothing of it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RunKeyCapAttackTests(ClusterFixture fixture)
{
    internal static string ObjectOf(int keys, string prefix = "k") =>
        new StringBuilder("{").AppendJoin(", ", Enumerable.Range(0, keys).Select(i => $"\"{prefix}{i}\": {i}")).Append('}').ToString();

    [Fact]
    public void ThousandNewConfigKeys_OnOneRunOf20kRuns_CostThatRunsValuesOnly_NotAColumnPerKey()
    {
        var table = new RunTable();
        for (var i = 0; i < 20_000; i++)
        {
            table.Upsert(new RunRow { Id = i + 1, Name = $"run{i}", Config = "{\"lr\": {\"value\": 0.1}}", SummaryMetrics = "{\"acc\": 0.5}" });
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        table.Upsert(new RunRow { Id = 1, Name = "run0", Config = ObjectOf(1_000, "c"), SummaryMetrics = "{\"acc\": 0.5}" });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Dense columns sized to the run count cost 1,000 × 2 × 32,768 slots × 17 bytes ≈ 1.1 GB here.
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated:N0} bytes for one run's 1,000 keys");
    }

    [Fact]
    public void WrappedConfigValues_AreStoredOnce_AndStillFoundUnderTheirValuePath()
    {
        var table = new RunTable();
        table.Upsert(new RunRow { Id = 1, Name = "a", Config = "{\"lr\": {\"value\": 0.1, \"desc\": null}}" });

        Assert.Equal(1, table.PathCount);
        Assert.Equal(1, table.Query(RunFilter.Parse("{\"config.lr.value\": 0.1}"), RunOrder.Parse("name"), 10, null).TotalCount);
        Assert.Equal(1, table.Query(RunFilter.Parse("{\"config.lr\": 0.1}"), RunOrder.Parse("name"), 10, null).TotalCount);
    }

    [Fact]
    public async Task UpsertBucket_WithMoreConfigKeysThanTheRunCap_IsRefused_AndTheConfigIsUnchanged()
    {
        var run = fixture.GrainFactory.GetGrain<IRunGrain>(TestNames.RunKeyInFreshProject());
        await run.UpsertAsync(new RunUpsert { UserId = 1, Config = "{\"lr\": 1}" });

        var refusal = await Assert.ThrowsAsync<CapExceededException>(() =>
            run.UpsertAsync(new RunUpsert { UserId = 1, Config = ObjectOf(KeyLimits.MaxKeysPerRun + 1) }));

        Assert.Contains($"at most {KeyLimits.MaxKeysPerRun}", refusal.Message);
        Assert.Equal("{\"lr\": 1}", (await run.GetAsync())!.Config);
    }

    [Fact]
    public async Task SummaryFile_WithMoreKeysThanTheRunCap_IsRefused_AndNothingOfTheBatchIsStored()
    {
        var run = fixture.GrainFactory.GetGrain<IRunGrain>(TestNames.RunKeyInFreshProject());
        await run.AppendAsync(new FileStreamBatch { UserId = 1, Files = [new FileChunk(StreamFiles.Summary, 0, ["{\"acc\": 1}"])] });

        await Assert.ThrowsAsync<CapExceededException>(() => run.AppendAsync(new FileStreamBatch
        {
            UserId = 1,
            Files =
            [
                new FileChunk(StreamFiles.History, 0, ["{\"_step\": 0, \"loss\": 1}"]),
                new FileChunk(StreamFiles.Summary, 1, [ObjectOf(KeyLimits.MaxKeysPerRun + 1)]),
            ],
        }).AsTask());

        var info = (await run.GetAsync())!;
        Assert.Equal("{\"acc\": 1}", info.SummaryMetrics);
        Assert.Equal(0, info.HistoryLineCount);
    }

    [Fact]
    public async Task RunsThatTogetherPassTheProjectKeyCap_TheOneCrossingItIsRefused_TheOthersKeepTheirKeys()
    {
        var project = TestNames.Unique("proj");
        var perRun = KeyLimits.MaxKeysPerRun;
        var runs = KeyLimits.MaxKeysPerProject / perRun;
        for (var i = 0; i < runs; i++)
        {
            var run = fixture.GrainFactory.GetGrain<IRunGrain>(RunKey.From("local", project, $"r{i}"));
            await run.UpsertAsync(new RunUpsert { UserId = 1, Config = ObjectOf(perRun, $"r{i}k") });
        }

        var crossing = fixture.GrainFactory.GetGrain<IRunGrain>(RunKey.From("local", project, "crossing"));
        var refusal = await Assert.ThrowsAsync<CapExceededException>(() => crossing.UpsertAsync(new RunUpsert { UserId = 1, Config = "{\"one_more\": 1}" }));

        Assert.Contains($"at most {KeyLimits.MaxKeysPerProject}", refusal.Message);
        var page = await fixture.GrainFactory.GetGrain<IProjectGrain>(ProjectKey.From("local", project))
            .ListRunsAsync(new RunListQuery(null, null, 1, "{\"config.r0k5\": 5}"));
        Assert.Equal(1, page.TotalCount);
    }
}
