using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// The reads the web app's artifact pages use, in W&amp;B's names: a project's types and their collections
/// (<c>project.artifactTypes</c>, <c>ArtifactType.artifactCollections</c>) and a version's lineage
/// (<c>Artifact.createdBy</c>, <c>Artifact.usedBy</c>), readable only by those who may read the project.
/// </summary>
public sealed class ArtifactBrowsingTests(EmbeddedArtifactAppFixture fixture) : IClassFixture<EmbeddedArtifactAppFixture>
{
    private const string TypesQuery = """
        query T($entity: String!, $project: String!) { project(name: $project, entityName: $entity) {
          artifactTypes { edges { node { name artifactCollections { totalCount edges { node { name
            artifacts { edges { node { versionIndex aliases { alias } } } } } } } } } } } }
        """;

    private const string LineageQuery = """
        query L($id: ID!) { artifact(id: $id) {
          createdBy { __typename ... on Run { name project { name entityName } } ... on User { username } }
          usedBy { totalCount edges { node { name project { name entityName } } } } } }
        """;

    [Fact]
    public async Task A_projects_types_list_their_collections_with_versions_newest_first()
    {
        var client = fixture.OwnerClient("browse-types");
        await client.LogAsync("train-set", [ArtifactFileSource.FromText("a.csv", "1")]);
        await client.LogAsync("train-set", [ArtifactFileSource.FromText("a.csv", "2")], aliases: ["latest", "best"]);
        await client.LogAsync("eval-set", [ArtifactFileSource.FromText("b.csv", "3")]);
        await client.LogAsync("resnet", [ArtifactFileSource.FromText("w.bin", "4")], type: "model");

        var project = (await client.Client.QueryAsync(TypesQuery, new { entity = ArtifactAppFixture.Owner, project = "browse-types" }))["project"]!;

        var types = project["artifactTypes"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(["dataset", "model"], types.Select(t => t["name"]!.GetValue<string>()));
        var datasets = types[0]["artifactCollections"]!;
        Assert.Equal(2, datasets["totalCount"]!.GetValue<int>());
        Assert.Equal(["eval-set", "train-set"], Names(datasets["edges"]!));
        var trainVersions = datasets["edges"]![1]!["node"]!["artifacts"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal([1, 0], trainVersions.Select(v => v["versionIndex"]!.GetValue<int>()));
        Assert.Equal(["best", "latest", "v1"], trainVersions[0]["aliases"]!.AsArray().Select(a => a!["alias"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["resnet"], Names(types[1]["artifactCollections"]!["edges"]!));
    }

    [Fact]
    public async Task A_version_names_the_run_that_logged_it_and_the_runs_that_used_it()
    {
        var client = fixture.OwnerClient("browse-lineage");
        await client.Client.QueryAsync(
            """
            mutation { a: upsertBucket(input: {entityName: "artifact-owner", modelName: "browse-lineage", name: "maker"}) { bucket { id } }
                       b: upsertBucket(input: {entityName: "artifact-owner", modelName: "browse-lineage", name: "user-1"}) { bucket { id } }
                       c: upsertBucket(input: {entityName: "artifact-owner", modelName: "browse-lineage", name: "user-2"}) { bucket { id } } }
            """);
        var logged = await client.LogAsync("model", [ArtifactFileSource.FromText("weights.bin", "w")], run: "maker", type: "model");
        var outsideRun = await client.LogAsync("notes", [ArtifactFileSource.FromText("n.txt", "n")]);
        await client.UseAsync(logged.Id, "user-1");
        await client.UseAsync(logged.Id, "user-2");
        await client.UseAsync(logged.Id, "user-1");

        var artifact = (await client.Client.QueryAsync(LineageQuery, new { id = logged.Id }))["artifact"]!;

        Assert.Equal("Run", artifact["createdBy"]!["__typename"]!.GetValue<string>());
        Assert.Equal("maker", artifact["createdBy"]!["name"]!.GetValue<string>());
        Assert.Equal("browse-lineage", artifact["createdBy"]!["project"]!["name"]!.GetValue<string>());
        Assert.Equal(2, artifact["usedBy"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(["user-1", "user-2"], Names(artifact["usedBy"]!["edges"]!));
        Assert.Equal(ArtifactAppFixture.Owner, artifact["usedBy"]!["edges"]![0]!["node"]!["project"]!["entityName"]!.GetValue<string>());

        var byUser = (await client.Client.QueryAsync(LineageQuery, new { id = outsideRun.Id }))["artifact"]!;
        Assert.Equal("User", byUser["createdBy"]!["__typename"]!.GetValue<string>());
        Assert.Equal(ArtifactAppFixture.Owner, byUser["createdBy"]!["username"]!.GetValue<string>());
        Assert.Equal(0, byUser["usedBy"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Another_user_can_read_neither_the_types_nor_the_lineage_of_a_private_project()
    {
        var owner = fixture.OwnerClient("browse-private");
        await owner.Client.QueryAsync(
            """mutation { upsertBucket(input: {entityName: "artifact-owner", modelName: "browse-private", name: "maker"}) { bucket { id } } }""");
        var logged = await owner.LogAsync("secret", [ArtifactFileSource.FromText("s.txt", "s")], run: "maker");
        await owner.UseAsync(logged.Id, "maker");
        var stranger = fixture.StrangerClient("browse-private");

        var (_, types) = await stranger.Client.GraphQLAsync(TypesQuery, new { entity = ArtifactAppFixture.Owner, project = "browse-private" });
        var (_, lineage) = await stranger.Client.GraphQLAsync(LineageQuery, new { id = logged.Id });

        Assert.Null(types!["data"]!["project"]);
        Assert.Null(lineage!["data"]!["artifact"]);
        var own = (await owner.Client.QueryAsync(LineageQuery, new { id = logged.Id }))["artifact"]!;
        Assert.Equal(["maker"], Names(own["usedBy"]!["edges"]!));
    }

    private static List<string> Names(JsonNode edges) => edges.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).ToList();
}
