using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Tests.Grains;

/// <summary>
/// The summary a run derives from its history when the client asks for it (<c>X-WANDB-SERVER-SIDE-DERIVED-SUMMARY</c>):
/// the latest logged value of each key, with the client's explicit summary updates on top.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DerivedSummaryGrainTests(ClusterFixture fixture)
{
    private IRunGrain NewRun() => fixture.GrainFactory.GetGrain<IRunGrain>(TestNames.RunKeyInFreshProject());

    [Fact]
    public async Task The_latest_logged_value_of_each_key_becomes_the_summary_and_explicit_updates_stay()
    {
        var run = NewRun();
        await run.AppendAsync(new FileStreamBatch
        {
            DeriveSummary = true,
            Files =
            [
                new FileChunk(StreamFiles.History, 0, ["{\"loss\": 1.0, \"_step\": 0}", "{\"loss\": 0.5, \"acc\": NaN, \"_step\": 1}"]),
                new FileChunk(StreamFiles.Summary, 0, ["{\"best\": 0.5}"]),
            ],
        });
        await run.AppendAsync(new FileStreamBatch
        {
            DeriveSummary = true,
            Files = [new FileChunk(StreamFiles.History, 2, ["{\"loss\": 0.25, \"_step\": 2}"])],
        });

        Assert.Equal("{\"loss\": 0.25, \"_step\": 2, \"acc\": NaN, \"best\": 0.5}", (await run.GetAsync())!.SummaryMetrics);
    }

    [Fact]
    public async Task Without_the_request_the_clients_summary_line_is_taken_whole()
    {
        var run = NewRun();
        await run.AppendAsync(new FileStreamBatch
        {
            Files =
            [
                new FileChunk(StreamFiles.History, 0, ["{\"loss\": 1.0, \"_step\": 0}"]),
                new FileChunk(StreamFiles.Summary, 0, ["{\"best\": 0.5}"]),
            ],
        });

        Assert.Equal("{\"best\": 0.5}", (await run.GetAsync())!.SummaryMetrics);
    }

    [Fact]
    public async Task Shared_mode_writers_asking_for_it_get_the_latest_row_of_any_writer()
    {
        var run = NewRun();
        await run.AppendAsync(new FileStreamBatch { WriterId = "a", DeriveSummary = true, Files = [new FileChunk(StreamFiles.History, 0, ["{\"loss\": 1.0}"])] });
        await run.AppendAsync(new FileStreamBatch { WriterId = "b", DeriveSummary = true, Files = [new FileChunk(StreamFiles.History, 0, ["{\"loss\": 0.5}"])] });

        Assert.Equal("{\"_step\": 1, \"loss\": 0.5}", (await run.GetAsync())!.SummaryMetrics);
    }
}
