using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Run ids are guessable, so a mutation addressed by a run id the caller may not read must answer exactly as for a
/// run that does not exist: a "cannot write to entity 'owner'" would let anyone list who owns every run.
/// </summary>
public sealed class RunIdProbingTests(RunIdProbingTests.App app) : IClassFixture<RunIdProbingTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public WandbAppFactory Factory { get; } = new();
        public string OwnerKey { get; private set; } = "";
        public string ProberKey { get; private set; } = "";

        public async Task InitializeAsync()
        {
            (_, OwnerKey) = await TestUsers.CreateAsync(Factory, "probeowner");
            (_, ProberKey) = await TestUsers.CreateAsync(Factory, "prober");
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("mutation($id: ID) { updateRunState(input: {id: $id, state: \"failed\"}) { success } }")]
    [InlineData("mutation($id: ID) { deleteRun(input: {id: $id}) { clientMutationId } }")]
    [InlineData("mutation($id: ID) { stopRun(input: {id: $id}) { success } }")]
    [InlineData("mutation($id: String) { upsertBucket(input: {id: $id, description: \"x\"}) { bucket { id } } }")]
    public async Task Writing_to_an_unreadable_run_id_answers_as_for_a_missing_run_without_naming_its_owner(string mutation)
    {
        var owner = app.Factory.CreateWandbClient(app.OwnerKey);
        var (status, body) = await owner.FileStreamAsync("probeowner", "hidden", "probed01", """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0}"]}}}""");
        Assert.True(status == 200, body);
        var id = (await owner.QueryAsync("""query { project(entityName: "probeowner", name: "hidden") { run(name: "probed01") { id } } }"""))
            ["project"]!["run"]!["id"]!.GetValue<string>();
        var missing = Orleans.Wandb.Web.GraphQL.Execution.RelayIds.Run(987_654_321);

        var prober = app.Factory.CreateWandbClient(app.ProberKey);
        var probed = await prober.GraphQLAsync(mutation, new { id });
        var absent = await prober.GraphQLAsync(mutation, new { id = missing });

        Assert.DoesNotContain("probeowner", probed.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(absent.Status, probed.Status);
        Assert.Equal(
            absent.Body!["errors"]![0]!["message"]!.GetValue<string>().Replace(missing, "<id>", StringComparison.Ordinal),
            probed.Body["errors"]![0]!["message"]!.GetValue<string>().Replace(id, "<id>", StringComparison.Ordinal));
    }
}
