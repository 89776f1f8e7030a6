using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// <c>updateArtifact</c>, which <c>artifact.save()</c> on a logged version sends (wandb v0.28.2
/// wandb/sdk/artifacts/artifact.py:Artifact._update, after its alias edits): description, metadata and TTL change,
/// only the fields sent change, limits answer a clear error, and only writers of the entity may edit. Each profile runs
/// it (<see cref="EmbeddedArtifactEditTests"/>, <see cref="Cluster.ClusterArtifactEditTests"/>).
/// </summary>
public abstract class ArtifactEditTests(ArtifactAppFixture fixture)
{
    // The 0.28.2 document, with the fields the assertions read.
    private const string UpdateArtifact = """
        mutation UpdateArtifact($input: UpdateArtifactInput!) {
          result: updateArtifact(input: $input) {
            artifact { id description metadata ttlDurationSeconds ttlIsInherited aliases { alias } }
          }
        }
        """;

    [Fact]
    public async Task Saving_a_logged_artifact_changes_its_description_metadata_and_ttl()
    {
        var client = fixture.OwnerClient("edit-save");
        var logged = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "edit " + Guid.NewGuid())], aliases: ["latest", "best"]);

        var (status, body) = await client.Client.GraphQLAsync(UpdateArtifact, new
        {
            input = new
            {
                artifactID = logged.Id,
                description = "cleaned",
                metadata = "{\"rows\": 3}",
                ttlDurationSeconds = 86_400,
                tagsToAdd = Array.Empty<object>(),
                tagsToDelete = Array.Empty<object>(),
            },
        });

        Assert.True(status == 200 && body?["errors"] is null, body?.ToJsonString());
        var version = (await client.ByIdAsync(logged.Id))!;
        Assert.Equal("cleaned", version["description"]!.GetValue<string>());
        Assert.Equal(3, JsonNode.Parse(version["metadata"]!.GetValue<string>())!["rows"]!.GetValue<int>());
        Assert.Equal(86_400, body!["data"]!["result"]!["artifact"]!["ttlDurationSeconds"]!.GetValue<long>());
        Assert.Equal(["best", "latest", "v0"], ArtifactClient.AliasesOf(version));
    }

    [Fact]
    public async Task Setting_metadata_alone_keeps_the_description()
    {
        var client = fixture.OwnerClient("edit-metadata");
        var logged = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "meta " + Guid.NewGuid())]);

        // wandb v0.28.2 wandb/sdk/internal/internal_api.py:Api.update_artifact_metadata sends only the metadata.
        await client.Client.QueryAsync(
            "mutation UpdateArtifact($artifactID: ID!, $metadata: JSONString) { updateArtifact(input: {artifactID: $artifactID, metadata: $metadata}) { artifact { id } } }",
            new { artifactID = logged.Id, metadata = "{\"score\": 0.9}" });

        var version = (await client.ByIdAsync(logged.Id))!;
        Assert.Equal("test data", version["description"]!.GetValue<string>());
        Assert.Equal(0.9, JsonNode.Parse(version["metadata"]!.GetValue<string>())!["score"]!.GetValue<double>());
    }

    [Fact]
    public async Task Aliases_in_the_input_replace_the_user_aliases_and_keep_latest()
    {
        var client = fixture.OwnerClient("edit-aliases");
        var logged = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "aliases " + Guid.NewGuid())], aliases: ["latest", "old"]);

        await client.Client.QueryAsync(UpdateArtifact, new
        {
            input = new { artifactID = logged.Id, aliases = new[] { new { artifactCollectionName = "dataset", alias = "new" } } },
        });

        Assert.Equal(["latest", "new", "v0"], ArtifactClient.AliasesOf((await client.ByIdAsync(logged.Id))!));
    }

    [Fact]
    public async Task A_description_past_the_limit_is_refused_and_nothing_changes()
    {
        var client = fixture.OwnerClient("edit-limit");
        var logged = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "limit " + Guid.NewGuid())]);

        var (_, body) = await client.Client.GraphQLAsync(UpdateArtifact, new
        {
            input = new { artifactID = logged.Id, description = new string('d', 65_537), metadata = "{}" },
        });

        Assert.Contains("limited to 65536 characters", body?["errors"]?[0]?["message"]?.GetValue<string>());
        Assert.Equal("test data", (await client.ByIdAsync(logged.Id))!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_who_may_not_write_the_entity_cannot_edit_its_artifact()
    {
        var owner = fixture.OwnerClient("edit-stranger");
        var logged = await owner.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "stranger " + Guid.NewGuid())]);

        var (_, body) = await fixture.StrangerClient("edit-stranger").Client.GraphQLAsync(UpdateArtifact, new
        {
            input = new { artifactID = logged.Id, description = "defaced" },
        });

        Assert.NotNull(body?["errors"]);
        Assert.Equal("test data", (await owner.ByIdAsync(logged.Id))!["description"]!.GetValue<string>());
    }
}
