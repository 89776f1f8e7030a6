using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The run lifecycle specification on the embedded profile, plus a storage failure made with its data folder.</summary>
public sealed class EmbeddedRunLifecycleTests(EmbeddedRunLifecycleTests.Server server)
    : RunLifecycleTests(server), IClassFixture<EmbeddedRunLifecycleTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }

    [Fact]
    public async Task A_storage_failure_answers_503_and_the_clients_identical_retry_succeeds_once_storage_is_back()
    {
        // The run log of this project cannot be created: a plain file sits where its folder must go.
        var blocked = Path.Combine(server.Factory.DataDir, "history", Entity, "blocked");
        Directory.CreateDirectory(Path.GetDirectoryName(blocked)!);
        await File.WriteAllTextAsync(blocked, "in the way");

        const string body = """{"files":{"wandb-history.jsonl":{"offset":0,"content":["{\"a\": 1, \"_step\": 0}"]}}}""";
        var (status, text) = await Client.FileStreamAsync(Entity, "blocked", "run00001", body);
        Assert.Equal(503, status);
        Assert.NotNull(JsonNode.Parse(text)!["errors"]![0]!["message"]);

        File.Delete(blocked);
        var (retried, retriedText) = await Client.FileStreamAsync(Entity, "blocked", "run00001", body);
        Assert.True(retried == 200, retriedText);
        var run = await server.Factory.Grains.GetGrain<IRunGrain>(
            RunKey.From(Entity, "blocked", "run00001")).GetAsync();
        Assert.Equal(1, run!.HistoryLineCount);
    }
}
