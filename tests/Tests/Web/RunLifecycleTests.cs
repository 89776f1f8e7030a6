using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The run states the server derives from the stream, as clients observe them over HTTP: stop requests,
/// exit codes, preemption, heartbeats. Each profile runs the same specification (<see cref="EmbeddedRunLifecycleTests"/>,
/// which also fails storage on purpose, and <see cref="Cluster.ClusterRunLifecycleTests"/>).
/// </summary>
public abstract class RunLifecycleTests(RunLifecycleTests.App app)
{
    /// <summary>The settings of the server under test.</summary>
    protected static readonly Dictionary<string, string> Settings = new() { ["ADMIN_USERNAME"] = Entity };

    public abstract class App : ProfileServer;

    protected const string Entity = "lifecycle";
    private const string Project = "states";

    protected WandbClient Client => app.Factory.CreateAdminClient();

    private async Task<string> CreateRunAsync(string name)
    {
        var data = await Client.QueryAsync(
            """
            mutation UpsertBucket($name: String, $project: String) {
              upsertBucket(input: {name: $name, modelName: $project}) { bucket { id name } inserted }
            }
            """, new { name, project = Project });
        Assert.True(data["upsertBucket"]!["inserted"]!.GetValue<bool>());
        return data["upsertBucket"]!["bucket"]!["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> RunAsync(string name) =>
        (await Client.QueryAsync(
            """
            query RunState($project: String!, $entity: String!, $name: String!) {
              project(name: $project, entityName: $entity) { run(name: $name) { state stopped heartbeatAt } }
            }
            """, new { project = Project, entity = Entity, name }))["project"]!["run"]!;

    private async Task<string> StreamAsync(string run, object body)
    {
        var (status, text) = await Client.FileStreamAsync(Entity, Project, run, System.Text.Json.JsonSerializer.Serialize(body));
        Assert.True(status == 200, text);
        return text;
    }

    [Fact]
    public async Task A_run_that_never_streamed_is_deleted_and_so_is_its_project()
    {
        // Nothing was ever written for it: no log, no history folder. Absent is deleted, never 503 "retry".
        var id = await CreateRunAsync("neverstr");
        var (status, body) = await Client.GraphQLAsync("mutation($id: ID) { deleteRun(input: {id: $id}) { clientMutationId } }", new { id });
        Assert.True(status == 200 && body!["errors"] is null, $"{status}: {body}");
        var after = await Client.QueryAsync(
            "query($p: String!, $e: String!) { project(name: $p, entityName: $e) { run(name: \"neverstr\") { id } } }", new { p = Project, e = Entity });
        Assert.Null(after["project"]!["run"]);

        await Client.QueryAsync(
            """mutation { upsertBucket(input: {name: "neverst2", modelName: "never-streamed"}) { bucket { id } } }""");
        var (projectStatus, projectBody) = await Client.GraphQLAsync(
            "mutation($e: String!) { deleteProject(input: {entityName: $e, name: \"never-streamed\"}) { success } }", new { e = Entity });
        Assert.True(projectStatus == 200 && projectBody!["errors"] is null, $"{projectStatus}: {projectBody}");
    }

    [Fact]
    public async Task A_stop_request_reaches_the_client_and_the_run_ends_killed()
    {
        var id = await CreateRunAsync("stopme01");
        var stop = await Client.QueryAsync("mutation StopRun($id: ID!) { stopRun(input: {id: $id}) { success } }", new { id });
        Assert.True(stop["stopRun"]!["success"]!.GetValue<bool>());

        var status = await Client.QueryAsync(
            """
            query RunStoppedStatus($projectName: String, $entityName: String, $runId: String!) {
              project(name: $projectName, entityName: $entityName) { run(name: $runId) { stopped } }
            }
            """, new { projectName = Project, entityName = Entity, runId = "stopme01" });
        Assert.True(status["project"]!["run"]!["stopped"]!.GetValue<bool>());

        Assert.Equal("""{"exitcode":null,"limits":{},"stopped":true}""", await StreamAsync("stopme01", new { }));
        await StreamAsync("stopme01", new { complete = true, exitcode = 0 });
        Assert.Equal("killed", (await RunAsync("stopme01"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_non_zero_exit_code_ends_the_run_failed_and_zero_finished()
    {
        await CreateRunAsync("exit0001");
        await CreateRunAsync("exit0002");
        await StreamAsync("exit0001", new { complete = true, exitcode = 0 });
        await StreamAsync("exit0002", new { complete = true, exitcode = 3 });
        Assert.Equal("finished", (await RunAsync("exit0001"))["state"]!.GetValue<string>());
        Assert.Equal("failed", (await RunAsync("exit0002"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Preempting_persists_through_later_heartbeats_until_the_run_process_resumes()
    {
        await CreateRunAsync("preempt1");
        await StreamAsync("preempt1", new { complete = false, preempting = true, dropped = 0, uploaded = Array.Empty<string>() });
        Assert.Equal("preempting", (await RunAsync("preempt1"))["state"]!.GetValue<string>());

        await StreamAsync("preempt1", new { });
        var run = await RunAsync("preempt1");
        Assert.Equal("preempting", run["state"]!.GetValue<string>());
        Assert.NotNull(run["heartbeatAt"]);

        // wandb.init(id=…, resume="allow") on the next node: its init upsert carries the host.
        await Client.QueryAsync(
            "mutation($name: String, $project: String) { upsertBucket(input: {name: $name, modelName: $project, host: \"node-2\"}) { inserted } }",
            new { name = "preempt1", project = Project });
        Assert.Equal("running", (await RunAsync("preempt1"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_instance_admin_upserting_a_run_into_a_missing_entity_gets_entity_not_found_and_nothing_is_created()
    {
        var (status, body) = await Client.GraphQLAsync(
            "mutation { upsertBucket(input: {name: \"orphan1\", modelName: \"p\", entityName: \"no-such-entity\"}) { bucket { id } } }");

        Assert.Equal(404, status);
        Assert.Equal("entity no-such-entity not found during upsertBucket", body!["errors"]![0]!["message"]!.GetValue<string>());
        var project = await Client.QueryAsync("query { project(name: \"p\", entityName: \"no-such-entity\") { id } }");
        Assert.Null(project["project"]);
    }
}
