using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Views;

/// <summary>
/// Saved views as the W&amp;B clients and the web app use them (<c>upsertView</c>, <c>Project.allViews</c>,
/// <c>view(id)</c>, <c>deleteView</c>), on each storage profile: the view lives in the project's views grain state.
/// </summary>
public abstract class SavedViewTests(SavedViewTests.App app)
{
    public abstract class App : ProfileServer;

    private const string Upsert = """
        mutation($id: ID, $e: String, $p: String, $t: String, $n: String, $d: String, $s: String!) {
          upsertView(input: {id: $id, entityName: $e, projectName: $p, type: $t, name: $n, displayName: $d, spec: $s, createdUsing: WANDB_SDK}) {
            view { id type name displayName spec entityName projectName user { username } project { name } updatedAt } inserted
          }
        }
        """;

    private const string List = """
        query($e: String!, $p: String!, $t: String, $n: String) {
          project(name: $p, entityName: $e) { allViews(viewType: $t, viewName: $n, first: 50) { edges { node { id name displayName spec } cursor } pageInfo { hasNextPage } } }
        }
        """;

    private WandbClient Client => app.Factory.CreateAdminClient();

    private async Task<string> ProjectAsync(string project)
    {
        var entity = (await Client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
        var (status, text) = await Client.FileStreamAsync(entity, project, "seed", """{"files":{"wandb-history.jsonl":{"offset":0,"content":["{\"_step\":0}"]}}}""");
        Assert.True(status == 200, text);
        return entity;
    }

    private async Task<JsonNode> UpsertAsync(object variables) => (await Client.QueryAsync(Upsert, variables))["upsertView"]!;

    [Fact]
    public async Task A_users_default_workspace_is_updated_in_place_and_read_back_by_name_and_id()
    {
        var entity = await ProjectAsync("views-default");
        var first = await UpsertAsync(new { e = entity, p = "views-default", t = "project-view", n = "workspace:me", s = """{"order":"-created_at"}""" });
        var second = await UpsertAsync(new { e = entity, p = "views-default", t = "project-view", n = "workspace:me", s = """{"order":"+name"}""" });

        Assert.True(first["inserted"]!.GetValue<bool>());
        Assert.False(second["inserted"]!.GetValue<bool>());
        var id = second["view"]!["id"]!.GetValue<string>();
        Assert.Equal(first["view"]!["id"]!.GetValue<string>(), id);
        Assert.Equal("views-default", second["view"]!["project"]!["name"]!.GetValue<string>());

        var listed = (await Client.QueryAsync(List, new { e = entity, p = "views-default", t = "project-view", n = "workspace:me" }))["project"]!["allViews"]!["edges"]!.AsArray();
        Assert.Equal("""{"order":"+name"}""", Assert.Single(listed)!["node"]!["spec"]!.GetValue<string>());
        var byId = (await Client.QueryAsync("query($id: ID!) { view(id: $id) { spec type } }", new { id }))["view"]!;
        Assert.Equal("""{"order":"+name"}""", byId["spec"]!.GetValue<string>());
        Assert.Equal("project-view", byId["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Named_views_are_listed_newest_first_by_type_and_a_deleted_view_is_gone()
    {
        var entity = await ProjectAsync("views-named");
        var a = await UpsertAsync(new { e = entity, p = "views-named", t = "project-view", n = "a", d = "Loss only", s = "{}" });
        await UpsertAsync(new { e = entity, p = "views-named", t = "project-view", n = "b", d = "Sweep runs", s = "{}" });
        await UpsertAsync(new { e = entity, p = "views-named", t = "runs", n = "report", d = "A report", s = "{}" });

        var workspaces = (await Client.QueryAsync(List, new { e = entity, p = "views-named", t = "project-view" }))["project"]!["allViews"]!["edges"]!.AsArray();
        Assert.Equal(["Sweep runs", "Loss only"], workspaces.Select(e => e!["node"]!["displayName"]!.GetValue<string>()));
        var reports = (await Client.QueryAsync(List, new { e = entity, p = "views-named", t = (string?)null }))["project"]!["allViews"]!["edges"]!.AsArray();
        Assert.Equal("A report", Assert.Single(reports)!["node"]!["displayName"]!.GetValue<string>());

        var deleted = await Client.QueryAsync("mutation($id: ID) { deleteView(input: {id: $id}) { success } }", new { id = a["view"]!["id"]!.GetValue<string>() });
        Assert.True(deleted["deleteView"]!["success"]!.GetValue<bool>());
        var left = (await Client.QueryAsync(List, new { e = entity, p = "views-named", t = "project-view" }))["project"]!["allViews"]!["edges"]!.AsArray();
        Assert.Equal("Sweep runs", Assert.Single(left)!["node"]!["displayName"]!.GetValue<string>());
    }
}
