using System.Text;
using Orleans.Wandb.Contracts.Views;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Saved views under attack: reading someone else's workspace through a view id (real or forged), saving into a
/// project the caller may only read, overwriting or deleting another member's view, and specs past the size limit.
/// Every refusal answers as for a view that does not exist, or with a permission error to a caller who may read.
/// </summary>
public sealed class ViewAttackTests(ViewAttackTests.App app) : IClassFixture<ViewAttackTests.App>
{
    public sealed class App : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    private const string Upsert =
        "mutation($e: String, $p: String, $n: String, $s: String!) { upsertView(input: {entityName: $e, projectName: $p, type: \"project-view\", name: $n, spec: $s}) { view { id spec } inserted } }";

    private const string ById = "query($id: ID!) { view(id: $id) { id spec user { username } } }";

    private async Task<string> ViewAsync(string key, string entity, string project, string name, string spec = "{\"search\":\"secret\"}") =>
        (await app.Client(key).QueryAsync(Upsert, new { e = entity, p = project, n = name, s = spec }))["upsertView"]!["view"]!["id"]!.GetValue<string>();

    [Fact]
    public async Task Outsider_CannotRead_PrivateView_ById_AndTheAnswerMatchesAMissingView()
    {
        await app.CreateProjectAsync(app.AliceKey, "alice", "secret-views", "r0000101", "private");
        var id = await ViewAsync(app.AliceKey, "alice", "secret-views", "mine");
        var missing = Convert.ToBase64String(Encoding.UTF8.GetBytes("View:alice/secret-views/999999"));

        var probed = await app.Client(app.BobKey).QueryAsync(ById, new { id });
        var absent = await app.Client(app.BobKey).QueryAsync(ById, new { id = missing });
        var listed = await app.Client(app.BobKey).QueryAsync(
            "query { project(entityName: \"alice\", name: \"secret-views\") { allViews(viewType: \"project-view\") { edges { node { spec } } } } }");

        Assert.Null(probed["view"]);
        Assert.Null(absent["view"]);
        Assert.Null(listed["project"]);
    }

    [Fact]
    public async Task Viewer_CanOpenATeamView_ButCannotSaveOne()
    {
        await app.CreateProjectAsync(app.AliceKey, SecurityApp.Team, "team-views", "r0000102", "team");
        var id = await ViewAsync(app.DaveKey, SecurityApp.Team, "team-views", "shared");
        var carol = app.Client(app.CarolKey);

        var opened = await carol.QueryAsync(ById, new { id });
        var saved = await carol.GraphQLAsync(Upsert, new { e = SecurityApp.Team, p = "team-views", n = "carols", s = "{}" });

        Assert.Equal("{\"search\":\"secret\"}", opened["view"]!["spec"]!.GetValue<string>());
        Assert.Equal(403, saved.Status);
        var all = await carol.QueryAsync(
            "query { project(entityName: \"lab\", name: \"team-views\") { allViews(viewType: \"project-view\") { edges { node { name } } } } }");
        Assert.Single(all["project"]!["allViews"]!["edges"]!.AsArray());
    }

    [Fact]
    public async Task Member_CannotOverwrite_OrDelete_AnotherMembersView_ButTheTeamAdminCan()
    {
        await app.CreateProjectAsync(app.AliceKey, SecurityApp.Team, "owned-views", "r0000103", "team");
        var id = await ViewAsync(app.AliceKey, SecurityApp.Team, "owned-views", "alices");
        var dave = app.Client(app.DaveKey);

        var overwrite = await dave.GraphQLAsync(
            "mutation($id: ID) { upsertView(input: {id: $id, spec: \"{\\\"search\\\":\\\"hijacked\\\"}\"}) { view { spec } } }", new { id });
        var delete = await dave.GraphQLAsync("mutation($id: ID) { deleteView(input: {id: $id}) { success } }", new { id });

        Assert.Equal(403, overwrite.Status);
        Assert.Equal(403, delete.Status);
        var kept = await app.Client(app.AliceKey).QueryAsync(ById, new { id });
        Assert.Equal("{\"search\":\"secret\"}", kept["view"]!["spec"]!.GetValue<string>());

        // Dave's own view of the same name is a view of his: it does not touch Alice's.
        var davesId = await ViewAsync(app.DaveKey, SecurityApp.Team, "owned-views", "alices", "{}");
        Assert.NotEqual(id, davesId);
    }

    [Fact]
    public async Task Spec_PastTheSizeLimit_IsRefusedWith400_AndNothingIsStored()
    {
        await app.CreateProjectAsync(app.AliceKey, "alice", "big-views", "r0000104", "private");
        var spec = "{\"x\":\"" + new string('a', ViewLimits.MaxSpecBytes) + "\"}";

        var answer = await app.Client(app.AliceKey).GraphQLAsync(Upsert, new { e = "alice", p = "big-views", n = "huge", s = spec });

        Assert.Equal(400, answer.Status);
        Assert.Contains($"{ViewLimits.MaxSpecBytes}", answer.Body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var all = await app.Client(app.AliceKey).QueryAsync(
            "query { project(entityName: \"alice\", name: \"big-views\") { allViews(viewType: \"project-view\") { edges { node { name } } } } }");
        Assert.Empty(all["project"]!["allViews"]!["edges"]!.AsArray());
    }

    [Fact]
    public async Task ForgedViewId_NamingAPrivateProject_CannotBeUpdated_AndAnswersNotFound()
    {
        await app.CreateProjectAsync(app.AliceKey, "alice", "forged-views", "r0000105", "private");
        await ViewAsync(app.AliceKey, "alice", "forged-views", "mine");
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("View:alice/forged-views/1"));

        var answer = await app.Client(app.BobKey).GraphQLAsync(
            "mutation($id: ID) { upsertView(input: {id: $id, spec: \"{}\"}) { view { spec } } }", new { id = forged });

        Assert.Contains("was not found", answer.Body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var kept = await app.Client(app.AliceKey).QueryAsync(ById, new { id = forged });
        Assert.Equal("{\"search\":\"secret\"}", kept["view"]!["spec"]!.GetValue<string>());
    }
}
