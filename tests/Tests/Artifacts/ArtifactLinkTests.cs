using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// Linking versions into portfolios (docs/protocol/artifacts.md#linking): <c>run.link_artifact</c> / <c>artifact.link</c>
/// (the Py16 and Go-core <c>LinkArtifact</c> documents), <c>artifact.unlink()</c>, <c>updateArtifactPortfolio</c> and
/// <c>deleteArtifactPortfolio</c>. A linked version keeps its identity (id, digest, files, lineage) and is found by the
/// portfolio's own aliases and version index; readers of the portfolio's project reach it without reading its source.
/// Each profile runs it (<see cref="EmbeddedArtifactLinkTests"/>, <see cref="Cluster.ClusterArtifactLinkTests"/>).
/// </summary>
public abstract class ArtifactLinkTests(ArtifactAppFixture fixture)
{
    // wandb v0.16.6 wandb/sdk/internal/internal_api.py:Api.link_artifact, with a server id.
    private const string LinkPy16 = """
        mutation LinkArtifact($artifactPortfolioName: String!, $entityName: String!, $projectName: String!,
                              $aliases: [ArtifactAliasInput!], $artifactID: ID) {
          linkArtifact(input: {artifactPortfolioName: $artifactPortfolioName, entityName: $entityName, projectName: $projectName,
                               aliases: $aliases, artifactID: $artifactID}) { versionIndex }
        }
        """;

    // wandb v0.28.2 wandb/sdk/artifacts/_generated/operations.py LINK_ARTIFACT_GQL, the fields its parser reads.
    private const string LinkNew = """
        mutation LinkArtifact($input: LinkArtifactInput!, $includeAliases: Boolean = true) {
          result: linkArtifact(input: $input) {
            versionIndex
            artifactMembership @include(if: true) {
              __typename id versionIndex aliases { __typename id alias }
              artifactCollection { __typename name project { name entity { name } } }
              artifact { __typename id digest artifactSequence { __typename name project { name entity { name } } }
                aliases @include(if: $includeAliases) { alias artifactCollection { __typename name project { name entity { name } } } } }
            }
          }
        }
        """;

    private const string Unlink = "mutation UnlinkArtifact($input: UnlinkArtifactInput!) { result: unlinkArtifact(input: $input) { success } }";

    [Fact]
    public async Task A_linked_version_keeps_its_identity_and_is_found_by_the_portfolios_alias_and_version()
    {
        var source = fixture.OwnerClient("link-identity-src");
        var logged = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "identity " + Guid.NewGuid())], type: "model");
        var storedBefore = await fixture.StoredContentCountAsync();

        var linked = await LinkAsync(source, logged.Id, "link-identity-reg", "prod", "production");

        Assert.Equal(0, linked);
        var target = fixture.OwnerClient("link-identity-reg");
        var byAlias = (await target.ByNameAsync("prod:production"))!;
        var sourceVersion = (await source.ByIdAsync(logged.Id))!;
        Assert.Equal(logged.Id, byAlias["id"]!.GetValue<string>());
        Assert.Equal(sourceVersion["digest"]!.GetValue<string>(), byAlias["digest"]!.GetValue<string>());
        Assert.Equal("weights", byAlias["artifactSequence"]!["name"]!.GetValue<string>());
        Assert.Equal("link-identity-src", byAlias["artifactSequence"]!["project"]!["name"]!.GetValue<string>());
        Assert.Equal(["latest", "production", "v0"], AliasesIn(byAlias, "prod"));
        Assert.Equal(["latest", "v0"], AliasesIn(byAlias, "weights"));
        Assert.Equal(logged.Id, (await target.ByNameAsync("prod:v0"))!["id"]!.GetValue<string>());
        Assert.Equal(storedBefore, await fixture.StoredContentCountAsync());

        // Lineage stays the source's: its creator (here the user, as no run of that name was started) is still answered.
        var creator = await target.Client.QueryAsync(
            "query($id: ID!) { artifact(id: $id) { createdBy { __typename } } }", new { id = logged.Id });
        Assert.Equal("User", creator["artifact"]!["createdBy"]!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_new_link_takes_the_next_index_and_latest_while_linking_again_keeps_the_index()
    {
        var source = fixture.OwnerClient("link-order-src");
        var first = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "order one " + Guid.NewGuid())], type: "model");
        var second = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "order two " + Guid.NewGuid())], type: "model");

        Assert.Equal(0, await LinkAsync(source, first.Id, "link-order-reg", "prod", "production"));
        Assert.Equal(1, await LinkAsync(source, second.Id, "link-order-reg", "prod", "production"));
        Assert.Equal(0, await LinkAsync(source, first.Id, "link-order-reg", "prod", "rollback"));

        var target = fixture.OwnerClient("link-order-reg");
        Assert.Equal(second.Id, (await target.ByNameAsync("prod:production"))!["id"]!.GetValue<string>());
        Assert.Equal(second.Id, (await target.ByNameAsync("prod:latest"))!["id"]!.GetValue<string>());
        Assert.Equal(first.Id, (await target.ByNameAsync("prod:rollback"))!["id"]!.GetValue<string>());
        var versions = await target.Client.QueryAsync(
            """
            query($e: String!, $p: String!) { project(entityName: $e, name: $p) { artifactCollection(name: "prod") {
              __typename artifacts { totalCount edges { version node { id } } } } } }
            """,
            new { e = ArtifactAppFixture.Owner, p = "link-order-reg" });
        var collection = versions["project"]!["artifactCollection"]!;
        Assert.Equal("ArtifactPortfolio", collection["__typename"]!.GetValue<string>());
        Assert.Equal(["v1", "v0"], collection["artifacts"]!["edges"]!.AsArray().Select(e => e!["version"]!.GetValue<string>()).ToList());
    }

    [Fact]
    public async Task The_newest_clients_link_by_input_and_read_the_membership_they_created()
    {
        var source = fixture.OwnerClient("link-new-src");
        var logged = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "new " + Guid.NewGuid())], type: "model");

        var data = await source.Client.QueryAsync(LinkNew, new
        {
            input = new
            {
                artifactID = logged.Id,
                artifactPortfolioName = "prod",
                entityName = ArtifactAppFixture.Owner,
                projectName = "link-new-reg",
                aliases = new[] { new { artifactCollectionName = "prod", alias = "staging" } },
            },
        });

        var membership = data["result"]!["artifactMembership"]!;
        Assert.Equal(0, data["result"]!["versionIndex"]!.GetValue<int>());
        Assert.Equal("ArtifactPortfolio", membership["artifactCollection"]!["__typename"]!.GetValue<string>());
        Assert.Equal("prod", membership["artifactCollection"]!["name"]!.GetValue<string>());
        Assert.Equal(["latest", "staging", "v0"], membership["aliases"]!.AsArray().Select(a => a!["alias"]!.GetValue<string>()).Order().ToList());
        Assert.Equal(logged.Id, membership["artifact"]!["id"]!.GetValue<string>());
        Assert.Equal("ArtifactSequence", membership["artifact"]!["artifactSequence"]!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unlinking_removes_the_link_and_its_aliases_and_latest_moves_back()
    {
        var source = fixture.OwnerClient("link-unlink-src");
        var first = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "unlink one " + Guid.NewGuid())], type: "model");
        var second = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "unlink two " + Guid.NewGuid())], type: "model");
        await LinkAsync(source, first.Id, "link-unlink-reg", "prod", "old");
        await LinkAsync(source, second.Id, "link-unlink-reg", "prod", "production");
        var portfolioId = await PortfolioIdAsync(source, "link-unlink-reg", "prod");

        var data = await source.Client.QueryAsync(Unlink, new { input = new { artifactID = second.Id, artifactPortfolioID = portfolioId } });

        Assert.True(data["result"]!["success"]!.GetValue<bool>());
        var target = fixture.OwnerClient("link-unlink-reg");
        Assert.Null(await target.ByNameAsync("prod:production"));
        Assert.Null(await target.ByNameAsync("prod:v1"));
        Assert.Equal(first.Id, (await target.ByNameAsync("prod:latest"))!["id"]!.GetValue<string>());
        Assert.NotNull(await source.ByIdAsync(second.Id));

        var (status, again) = await source.Client.GraphQLAsync(Unlink, new { input = new { artifactID = second.Id, artifactPortfolioID = portfolioId } });
        Assert.Equal(404, status);
        Assert.Contains("is not linked", again!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_portfolio_is_renamed_described_and_deleted_without_touching_the_linked_versions()
    {
        var source = fixture.OwnerClient("link-edit-src");
        var logged = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "edit " + Guid.NewGuid())], type: "model");
        await LinkAsync(source, logged.Id, "link-edit-reg", "prod", "production");
        var portfolioId = await PortfolioIdAsync(source, "link-edit-reg", "prod");

        var updated = await source.Client.QueryAsync(
            """
            mutation UpdateArtifactPortfolio($input: UpdateArtifactPortfolioInput!) {
              result: updateArtifactPortfolio(input: $input) { artifactCollection { __typename name description } }
            }
            """,
            new { input = new { artifactPortfolioID = portfolioId, name = "production-weights", description = "what we ship" } });
        Assert.Equal("production-weights", updated["result"]!["artifactCollection"]!["name"]!.GetValue<string>());
        Assert.Equal("what we ship", updated["result"]!["artifactCollection"]!["description"]!.GetValue<string>());
        var target = fixture.OwnerClient("link-edit-reg");
        Assert.Equal(logged.Id, (await target.ByNameAsync("production-weights:production"))!["id"]!.GetValue<string>());

        var deleted = await source.Client.QueryAsync(
            """
            mutation DeleteArtifactPortfolio($id: ID!) {
              result: deleteArtifactPortfolio(input: {artifactPortfolioID: $id}) { artifactCollection { __typename state } }
            }
            """,
            new { id = portfolioId });
        Assert.Equal("DELETED", deleted["result"]!["artifactCollection"]!["state"]!.GetValue<string>());
        Assert.Null(await target.ByNameAsync("production-weights:production"));
        var version = (await source.ByIdAsync(logged.Id))!;
        Assert.Equal(["latest", "v0"], ArtifactClient.AliasesOf(version));
    }

    [Fact]
    public async Task A_reader_of_the_portfolio_downloads_a_linked_version_without_reading_its_private_source()
    {
        var source = fixture.OwnerClient("link-private-src");
        var content = "secret weights " + Guid.NewGuid();
        var logged = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", content)], run: "private-run", type: "model");
        await SetAccessAsync(source, "link-private-src", "PRIVATE");
        await LinkAsync(source, logged.Id, "link-open-reg", "prod", "production");
        await SetAccessAsync(source, "link-open-reg", "PUBLIC");

        var stranger = fixture.StrangerClient("link-open-reg");
        var linked = (await stranger.ByNameAsync("prod:production"))!;
        Assert.Equal(logged.Id, linked["id"]!.GetValue<string>());
        var files = await stranger.FilesAsync(logged.Id);
        Assert.Equal(content, Encoding.UTF8.GetString(await stranger.GetBytesAsync(files.Single()["directUrl"]!.GetValue<string>())));

        // The source project stays private: its name is all a link shows, never its runs or its own listing.
        var creator = await stranger.Client.QueryAsync("query($id: ID!) { artifact(id: $id) { createdBy { __typename } } }", new { id = logged.Id });
        Assert.Null(creator["artifact"]!["createdBy"]);
        var sourceProject = await stranger.Client.QueryAsync(
            "query($e: String!) { project(entityName: $e, name: \"link-private-src\") { artifact(name: \"weights:v0\") { id } } }",
            new { e = ArtifactAppFixture.Owner });
        Assert.Null(sourceProject["project"]);
    }

    [Fact]
    public async Task Nobody_links_into_a_project_they_may_not_write_or_from_a_version_they_may_not_read()
    {
        var source = fixture.OwnerClient("link-refused-src");
        var logged = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "refused " + Guid.NewGuid())], type: "model");
        await SetAccessAsync(source, "link-refused-src", "PRIVATE");
        var stranger = fixture.StrangerClient("link-refused-src");

        var (intoOwner, _) = await stranger.Client.GraphQLAsync(LinkPy16, new
        {
            artifactPortfolioName = "prod", entityName = ArtifactAppFixture.Owner, projectName = "link-refused-reg", aliases = Array.Empty<object>(), artifactID = logged.Id,
        });
        Assert.Equal(404, intoOwner);
        var target = await fixture.OwnerClient("link-refused-reg").Client.QueryAsync(
            "query($e: String!) { project(entityName: $e, name: \"link-refused-reg\") { artifactCollection(name: \"prod\") { id } } }",
            new { e = ArtifactAppFixture.Owner });
        Assert.Null(target["project"]?["artifactCollection"]);
    }

    [Fact]
    public async Task A_portfolio_name_cannot_take_logged_versions_and_a_logged_collection_cannot_take_links()
    {
        var source = fixture.OwnerClient("link-kinds");
        var logged = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "kinds " + Guid.NewGuid())], type: "model");
        await LinkAsync(source, logged.Id, "link-kinds", "prod", "production");

        var (logStatus, logBody) = await source.Client.GraphQLAsync(
            "mutation($input: CreateArtifactInput!) { createArtifact(input: $input) { artifact { id } } }",
            new { input = new { entityName = ArtifactAppFixture.Owner, projectName = "link-kinds", artifactTypeName = "model", artifactCollectionName = "prod", digest = "d" + Guid.NewGuid().ToString("N") } });
        Assert.Equal(400, logStatus);
        Assert.Contains("portfolio", logBody!["errors"]![0]!["message"]!.GetValue<string>());

        var (linkStatus, linkBody) = await source.Client.GraphQLAsync(LinkPy16, new
        {
            artifactPortfolioName = "weights", entityName = ArtifactAppFixture.Owner, projectName = "link-kinds", aliases = Array.Empty<object>(), artifactID = logged.Id,
        });
        Assert.Equal(400, linkStatus);
        Assert.Contains("holds logged versions", linkBody!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Too_many_aliases_in_one_link_are_refused_and_nothing_is_linked()
    {
        var source = fixture.OwnerClient("link-limit");
        var logged = await source.LogAsync("weights", [ArtifactFileSource.FromText("w.bin", "limit " + Guid.NewGuid())], type: "model");

        var (status, body) = await source.Client.GraphQLAsync(LinkPy16, new
        {
            artifactPortfolioName = "prod", entityName = ArtifactAppFixture.Owner, projectName = "link-limit-reg",
            aliases = Enumerable.Range(0, 21).Select(i => new { alias = $"a{i}x", artifactCollectionName = "prod" }).ToArray(), artifactID = logged.Id,
        });

        Assert.Equal(400, status);
        Assert.Contains("At most 20 aliases", body!["errors"]![0]!["message"]!.GetValue<string>());
        var target = await source.Client.QueryAsync(
            "query($e: String!) { project(entityName: $e, name: \"link-limit-reg\") { artifactCollection(name: \"prod\") { id } } }",
            new { e = ArtifactAppFixture.Owner });
        Assert.Null(target["project"]?["artifactCollection"]);
    }

    private static async Task<int> LinkAsync(ArtifactClient source, string artifactId, string project, string portfolio, string alias) =>
        (await source.Client.QueryAsync(LinkPy16, new
        {
            artifactPortfolioName = portfolio,
            entityName = ArtifactAppFixture.Owner,
            projectName = project,
            aliases = new[] { new { alias, artifactCollectionName = portfolio } },
            artifactID = artifactId,
        }))["linkArtifact"]!["versionIndex"]!.GetValue<int>();

    private static async Task<string> PortfolioIdAsync(ArtifactClient client, string project, string portfolio) =>
        (await client.Client.QueryAsync(
            "query($e: String!, $p: String!, $n: String!) { project(entityName: $e, name: $p) { artifactCollection(name: $n) { id } } }",
            new { e = ArtifactAppFixture.Owner, p = project, n = portfolio }))["project"]!["artifactCollection"]!["id"]!.GetValue<string>();

    private static async Task SetAccessAsync(ArtifactClient client, string project, string access)
    {
        var data = await client.Client.QueryAsync(
            "mutation($e: String!, $p: String!, $a: String) { upsertModel(input: {entityName: $e, name: $p, access: $a}) { project { access } } }",
            new { e = ArtifactAppFixture.Owner, p = project, a = access });
        Assert.Equal(access == "PRIVATE" ? "private" : "open", data["upsertModel"]!["project"]!["access"]!.GetValue<string>());
    }

    /// <summary>The aliases of a version that belong to one collection, as Py16 picks them.</summary>
    private static List<string> AliasesIn(JsonNode version, string collection) =>
        version["aliases"]!.AsArray()
            .Where(a => a!["artifactCollection"]!["name"]!.GetValue<string>() == collection)
            .Select(a => a!["alias"]!.GetValue<string>())
            .Order(StringComparer.Ordinal)
            .ToList();
}
