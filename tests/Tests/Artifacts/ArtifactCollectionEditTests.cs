using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.GraphQL.Corpus;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// <c>ArtifactCollection.save()</c> and <c>Api.artifact_collections(…)</c> with the 0.28.2 Python client's own documents
/// (tests/fixtures/graphql/wandb-0.28.2.jsonl): renaming, describing and moving a collection to another type, tagging
/// and untagging it, and listing a project's collections filtered and ordered. Only writers may change a collection;
/// W&amp;B-style messages name what was refused in double quotes. Each profile runs it
/// (<see cref="EmbeddedArtifactCollectionEditTests"/>, <see cref="Cluster.ClusterArtifactCollectionEditTests"/>).
/// </summary>
public abstract class ArtifactCollectionEditTests(ArtifactAppFixture fixture)
{
    private static string Document(string operation) =>
        ClientDocumentCorpus.Of("0.28.2").Single(d => d.Operation == operation && d.Client == "python").Query;

    private static async Task<string> CollectionIdAsync(ArtifactClient client, string name) =>
        (await client.Client.QueryAsync(
            "query($e: String!, $p: String!, $n: String) { project(entityName: $e, name: $p) { artifactCollection(name: $n) { id } } }",
            new { e = ArtifactAppFixture.Owner, p = ProjectOf(client), n = name }))["project"]!["artifactCollection"]!["id"]!.GetValue<string>();

    private static string ProjectOf(ArtifactClient client) => client.Project;

    private static async Task<JsonNode> CollectionsAsync(ArtifactClient client, string? filters = null, string? order = null) =>
        (await client.Client.QueryAsync(Document("ProjectArtifactCollections"), new
        {
            entity = ArtifactAppFixture.Owner, project = client.Project, perPage = 50, filters, order,
        }))["project"]!["artifactCollections"]!;

    private static List<string> Names(JsonNode connection) =>
        connection["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_collection_is_renamed_described_and_moved_to_another_type_and_its_versions_follow()
    {
        var client = fixture.OwnerClient("coll-edit");
        var logged = await client.LogAsync("raw-data", [ArtifactFileSource.FromText("a.txt", "coll " + Guid.NewGuid())]);
        var id = await CollectionIdAsync(client, "raw-data");

        var renamed = await client.Client.QueryAsync(Document("UpdateArtifactSequence"), new
        {
            input = new { artifactSequenceID = id, name = "clean-data", description = "deduplicated" },
        });
        var moved = await client.Client.QueryAsync(Document("UpdateArtifactSequenceType"), new
        {
            input = new { artifactSequenceID = id, destinationArtifactTypeName = "model" },
        });

        var collection = renamed["result"]!["artifactCollection"]!;
        Assert.Equal("clean-data", collection["name"]!.GetValue<string>());
        Assert.Equal("deduplicated", collection["description"]!.GetValue<string>());
        Assert.Equal("model", moved["result"]!["artifactCollection"]!["type"]!["name"]!.GetValue<string>());
        var version = (await client.ByIdAsync(logged.Id))!;
        Assert.Equal("model", version["artifactType"]!["name"]!.GetValue<string>());
        Assert.Equal(["clean-data"], Names(await CollectionsAsync(client)));
        Assert.NotNull(await client.ByNameAsync("clean-data:v0"));
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_is_refused_with_the_name_in_double_quotes()
    {
        var client = fixture.OwnerClient("coll-taken");
        await client.LogAsync("first", [ArtifactFileSource.FromText("a.txt", "first " + Guid.NewGuid())]);
        await client.LogAsync("second", [ArtifactFileSource.FromText("a.txt", "second " + Guid.NewGuid())]);

        var (status, body) = await client.Client.GraphQLAsync(Document("UpdateArtifactSequence"), new
        {
            input = new { artifactSequenceID = await CollectionIdAsync(client, "first"), name = "second" },
        });

        Assert.True(status == 400 && body?["errors"] is not null, $"{status} {body?.ToJsonString()}");
        Assert.Contains("\"second\" already exists", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["first", "second"], Names(await CollectionsAsync(client)));
    }

    [Fact]
    public async Task Tags_are_added_listed_and_removed()
    {
        var client = fixture.OwnerClient("coll-tags");
        await client.LogAsync("tagged", [ArtifactFileSource.FromText("a.txt", "tags " + Guid.NewGuid())]);
        object Input(params string[] tags) => new
        {
            input = new
            {
                entityName = ArtifactAppFixture.Owner, projectName = client.Project, artifactCollectionName = "tagged",
                tags = tags.Select(tag => new { tagName = tag }).ToArray(),
            },
        };

        var added = await client.Client.QueryAsync(Document("AddArtifactCollectionTags"), Input("gold", "v2-data"));
        await client.Client.QueryAsync(Document("DeleteArtifactCollectionTags"), Input("gold"));

        Assert.Equal(["gold", "v2-data"], added["result"]!["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        var listed = (await CollectionsAsync(client))["edges"]![0]!["node"]!["tags"]!["edges"]!.AsArray();
        Assert.Equal(["v2-data"], listed.Select(t => t!["node"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Collections_are_filtered_and_ordered_as_the_client_asks_and_an_unknown_filter_is_refused()
    {
        var client = fixture.OwnerClient("coll-query");
        foreach (var name in new[] { "beta-set", "alpha-set", "gamma-model" })
        {
            await client.LogAsync(name, [ArtifactFileSource.FromText("a.txt", name + Guid.NewGuid())]);
        }

        Assert.Equal(["gamma-model", "beta-set", "alpha-set"], Names(await CollectionsAsync(client, order: "-name")));
        Assert.Equal(["alpha-set", "beta-set", "gamma-model"], Names(await CollectionsAsync(client, order: "+name")));
        Assert.Equal(["gamma-model", "alpha-set", "beta-set"], Names(await CollectionsAsync(client, order: "-createdAt")));
        Assert.Equal(["alpha-set", "beta-set"], Names(await CollectionsAsync(client, "{\"name\": {\"$regex\": \"-set$\"}}")));
        Assert.Equal(["beta-set"], Names(await CollectionsAsync(client, "{\"$or\": [{\"name\": \"beta-set\"}, {\"name\": \"nothing\"}]}")));

        var (status, body) = await client.Client.GraphQLAsync(Document("ProjectArtifactCollections"), new
        {
            entity = ArtifactAppFixture.Owner, project = client.Project, filters = "{\"color\": \"red\"}",
        });
        Assert.True(status is 200 or 400 && body?["errors"] is not null, $"{status} {body?.ToJsonString()}");
        Assert.Contains("\"color\"", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collections_are_filtered_by_their_tags_as_by_an_array_field()
    {
        var client = fixture.OwnerClient("coll-tag-filter");
        var tags = new Dictionary<string, string[]> { ["prod-model"] = ["production", "v2"], ["staging-model"] = ["staging"], ["untagged"] = [] };
        foreach (var (name, collectionTags) in tags)
        {
            await client.LogAsync(name, [ArtifactFileSource.FromText("a.txt", name + Guid.NewGuid())]);
            if (collectionTags.Length > 0)
            {
                await client.Client.QueryAsync(Document("AddArtifactCollectionTags"), new
                {
                    input = new
                    {
                        entityName = ArtifactAppFixture.Owner, projectName = client.Project, artifactCollectionName = name,
                        tags = collectionTags.Select(tag => new { tagName = tag }).ToArray(),
                    },
                });
            }
        }

        Assert.Equal(["prod-model"], Names(await CollectionsAsync(client, "{\"tag\": \"production\"}")));
        Assert.Equal(["prod-model", "staging-model"], Names(await CollectionsAsync(client, "{\"tag\": {\"$in\": [\"staging\", \"v2\"]}}")));
        Assert.Equal(["staging-model", "untagged"], Names(await CollectionsAsync(client, "{\"tag\": {\"$ne\": \"production\"}}")));
        Assert.Equal(["untagged"], Names(await CollectionsAsync(client, "{\"tag\": {\"$nin\": [\"production\", \"staging\"]}}")));
        Assert.Equal(["staging-model"], Names(await CollectionsAsync(client, "{\"tag\": {\"$regex\": \"^stag\"}}")));
        Assert.Equal(["prod-model"], Names(await CollectionsAsync(client, "{\"$and\": [{\"tag\": \"v2\"}, {\"name\": {\"$regex\": \"model$\"}}]}")));
    }

    [Fact]
    public async Task Another_user_can_neither_see_nor_change_a_collection()
    {
        var client = fixture.OwnerClient("coll-private");
        await client.LogAsync("mine", [ArtifactFileSource.FromText("a.txt", "mine " + Guid.NewGuid())]);
        var id = await CollectionIdAsync(client, "mine");
        var stranger = fixture.StrangerClient("coll-private");

        var (status, body) = await stranger.Client.GraphQLAsync(Document("UpdateArtifactSequence"), new
        {
            input = new { artifactSequenceID = id, name = "theirs" },
        });

        Assert.True(status == 404 && body?["errors"] is not null, $"{status} {body?.ToJsonString()}");
        Assert.Equal(["mine"], Names(await CollectionsAsync(client)));
    }
}
