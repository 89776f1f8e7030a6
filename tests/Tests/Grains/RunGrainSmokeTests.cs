using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class RunGrainSmokeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_batch_creates_the_run_and_counts_its_lines()
    {
        var run = fixture.GrainFactory.GetGrain<IRunGrain>(TestNames.RunKeyInFreshProject());
        var result = await run.AppendAsync(new FileStreamBatch
        {
            Files = [new FileChunk(StreamFiles.History, 0, ["{\"loss\": 1, \"_step\": 0}", "{\"loss\": NaN, \"_step\": 1}"])],
        });
        var info = await run.GetAsync();
        Assert.False(result.Stopped);
        Assert.NotNull(info);
        Assert.Equal(2, info.HistoryLineCount);
        Assert.Equal(RunStates.Running, info.State);
    }
}
