using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.GraphQL.Features;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// <c>serverInfo.features</c> (issue #13 §2): the server advertises exactly <see cref="AdvertisedFeatures"/>, each flag
/// names a test that runs the client path it switches on, and those tests are here (or named elsewhere), each sending
/// the client's own document from tests/fixtures/graphql.
/// </summary>
public sealed class AdvertisedFeatureTests(EmbeddedArtifactAppFixture fixture) : IClassFixture<EmbeddedArtifactAppFixture>
{
    [Fact]
    public async Task The_server_advertises_exactly_the_registered_flags_all_enabled()
    {
        var data = await SendAsync(fixture.App.CreateWandbClient(fixture.OwnerKey), Document("03-ServerFeaturesQuery"), new { });

        var advertised = data["serverInfo"]!["features"]!.AsArray()
            .Select(f => (f!["name"]!.GetValue<string>(), f["isEnabled"]!.GetValue<bool>())).ToList();
        Assert.Equal(AdvertisedFeatures.All.Select(f => (f.Name, true)), advertised);
    }

    [Fact]
    public void Every_advertised_flag_names_a_test_that_exists()
    {
        var tests = typeof(AdvertisedFeatureTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => $"{t.Name}.{m.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(AdvertisedFeatures.All, flag => Assert.True(tests.Contains(flag.ProvenBy), $"{flag.Name} names no test: {flag.ProvenBy}"));
    }

    [Fact]
    public async Task MARK_RUN_FILES_UPLOADED_the_clients_mutation_succeeds_and_the_file_is_listed()
    {
        var client = fixture.App.CreateWandbClient(fixture.OwnerKey);
        var created = await client.QueryAsync(
            "mutation { createRunFiles(input: {entityName: \"artifact-owner\", projectName: \"mark-uploaded\", runName: \"run1\", files: [\"notes.txt\"]}) { files { name uploadUrl } uploadHeaders } }");
        var url = new Uri(created["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>());
        using (var put = await fixture.ServerClient().PutAsync(url.PathAndQuery, new StringContent("uploaded outside the run\n")))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
        }

        var marked = await SendAsync(client, Document("19-MarkRunFilesUploaded"),
            new { entity = FixtureEntity, project = "mark-uploaded", run = "run1", files = new[] { "notes.txt" } });

        Assert.True(marked["markRunFilesUploaded"]!["success"]!.GetValue<bool>());
        var files = await client.QueryAsync(
            "query { project(name: \"mark-uploaded\", entityName: \"artifact-owner\") { run(name: \"run1\") { files { edges { node { name } } } } } }");
        Assert.Contains("notes.txt", files["project"]!["run"]!["files"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TOTAL_COUNT_IN_FILE_CONNECTION_artifact_files_report_the_total_on_every_page()
    {
        var owner = fixture.OwnerClient("total-count");
        await owner.LogAsync("three-files", ThreeFiles("total"));

        var first = await MembershipFilesAsync(owner, "total-count", "three-files", "v0", cursor: null, perPage: 2);
        var second = await MembershipFilesAsync(owner, "total-count", "three-files", "v0", first["pageInfo"]!["endCursor"]!.GetValue<string>(), perPage: 2);

        Assert.Equal(3, first["totalCount"]!.GetValue<int>());
        Assert.Equal(3, second["totalCount"]!.GetValue<int>());
        Assert.Equal(2, first["edges"]!.AsArray().Count);
        Assert.Single(second["edges"]!.AsArray());
        Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ARTIFACT_COLLECTION_MEMBERSHIP_FILES_a_versions_files_are_listed_through_its_collection_and_alias()
    {
        var owner = fixture.OwnerClient("membership-files");
        var files = ThreeFiles("membership");
        await owner.LogAsync("by-alias", files, aliases: ["latest", "best"]);

        var page = await MembershipFilesAsync(owner, "membership-files", "by-alias", "best", cursor: null, perPage: 50);

        var nodes = page["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(files.Select(f => f.Name).Order(StringComparer.Ordinal), nodes.Select(n => n["name"]!.GetValue<string>()));
        Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n["directUrl"]?.GetValue<string>())));
    }

    [Fact]
    public async Task PROJECT_ARTIFACT_COLLECTION_MEMBERSHIP_an_artifact_is_found_by_name_through_its_membership()
    {
        var owner = fixture.OwnerClient("membership-name");
        var logged = await owner.LogAsync("named", ThreeFiles("named"));

        var data = await SendAsync(owner.Client, Document("35-ArtifactMembershipByName"),
            new { entity = FixtureEntity, project = "membership-name", name = "named:latest", includeAliases = true }, "ArtifactMembershipByName");

        var membership = data["project"]!["artifactCollectionMembership"]!;
        Assert.Equal(logged.Id, membership["artifact"]!["id"]!.GetValue<string>());
        Assert.Equal("named", membership["artifactCollection"]!["name"]!.GetValue<string>());
        Assert.Equal(0, membership["versionIndex"]!.GetValue<int>());
    }

    private const string FixtureEntity = ArtifactAppFixture.Owner;

    private static IReadOnlyList<ArtifactFileSource> ThreeFiles(string salt) =>
    [
        ArtifactFileSource.FromText("a.txt", $"a {salt} {Guid.NewGuid()}"),
        ArtifactFileSource.FromText("b/b.txt", $"b {salt} {Guid.NewGuid()}"),
        ArtifactFileSource.FromText("c.csv", $"c,{salt},{Guid.NewGuid()}"),
    ];

    /// <summary>0.28.2's <c>ArtifactMembershipFiles</c> (its public API's <c>artifact.files()</c>), one page.</summary>
    private static async Task<JsonNode> MembershipFilesAsync(ArtifactClient owner, string project, string collection, string alias, string? cursor, int perPage)
    {
        var data = await SendAsync(owner.Client, Document("49-ArtifactMembershipFiles"),
            new { entity = FixtureEntity, project, collection, alias, fileNames = (string[]?)null, cursor, perPage });
        return data["project"]!["artifactCollection"]!["artifactMembership"]!["files"]!;
    }

    private static string Document(string name) => File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "graphql", name + ".graphql"));

    /// <summary>Sends a document as the clients do, with its operation name when the file holds several operations.</summary>
    private static async Task<JsonNode> SendAsync(WandbClient client, string query, object variables, string? operationName = null)
    {
        var payload = JsonSerializer.Serialize(new { query, variables, operationName });
        using var response = await client.SendAsync(HttpMethod.Post, "/graphql", payload);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((int)response.StatusCode == 200 && body["errors"] is null, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body["data"]!;
    }
}
