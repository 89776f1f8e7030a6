using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// Artifacts through the HTTP API as the clients use them (docs/protocol/artifacts.md): log → commit → use → download,
/// deduplication by digest and by content, aliases, lineage, deletion, fallback downloads and permissions.
/// Each profile runs the same specification (<see cref="EmbeddedArtifactLifecycleTests"/>,
/// <see cref="Cluster.ClusterArtifactLifecycleTests"/>).
/// </summary>
public abstract class ArtifactLifecycleTests(ArtifactAppFixture fixture)
{
    private static readonly ArtifactFileSource Csv = ArtifactFileSource.FromText("data.csv", "x,y\n1,2\n3,4\n");

    [Fact]
    public async Task A_logged_artifact_is_committed_used_and_downloaded_byte_for_byte()
    {
        var client = fixture.OwnerClient("e2e");
        var csv = ArtifactFileSource.FromText("data.csv", $"x,y\n1,2\n{Guid.NewGuid()}\n");
        var image = ArtifactFileSource.FromBytes("images/cat.png", Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray());
        var logged = await client.LogAsync("dataset", [csv, image], run: "producer", aliases: ["latest", "best"]);
        Assert.Equal("PENDING", logged.CreatedState);
        Assert.Equal(2, logged.FileUploads);

        await client.UseAsync(logged.Id, "consumer");
        var version = (await client.ByNameAsync("dataset:best"))!;
        Assert.Equal(logged.Id, version["id"]!.GetValue<string>());
        Assert.Equal("COMMITTED", version["state"]!.GetValue<string>());
        Assert.Equal(0, version["versionIndex"]!.GetValue<int>());
        Assert.Equal(2, version["fileCount"]!.GetValue<int>());
        Assert.Equal(csv.Size + image.Size, version["size"]!.GetValue<long>());
        Assert.Equal(["best", "latest", "v0"], ArtifactClient.AliasesOf(version));

        var manifest = JsonNode.Parse(await client.GetBytesAsync(version["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>()))!;
        Assert.Equal(csv.Md5Base64, manifest["contents"]!["data.csv"]!["digest"]!.GetValue<string>());

        var files = await client.FilesAsync(logged.Id);
        Assert.Equal(["data.csv", "images/cat.png"], files.Select(f => f["name"]!.GetValue<string>()).ToList());
        foreach (var (file, source) in files.Zip(new[] { csv, image }))
        {
            Assert.Equal(source.Md5Base64, file["md5"]!.GetValue<string>());
            Assert.Equal(await source.Content().ReadAsByteArrayAsync(), await client.GetBytesAsync(file["directUrl"]!.GetValue<string>()));
        }
    }

    private static async Task<(List<string> Paths, JsonNode Manifest, JsonNode Version)> ContentsAsync(ArtifactClient client, string id)
    {
        var version = (await client.ByIdAsync(id))!;
        var manifest = JsonNode.Parse(await client.GetBytesAsync(version["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>()))!;
        var paths = (await client.FilesAsync(id)).Select(f => f["name"]!.GetValue<string>()).ToList();
        return (paths, manifest, version);
    }

    [Fact]
    public async Task An_incremental_version_holds_the_base_versions_files_with_its_own_laid_over_them()
    {
        var client = fixture.OwnerClient("incremental");
        var a = ArtifactFileSource.FromText("a.txt", "a " + Guid.NewGuid());
        var b1 = ArtifactFileSource.FromText("b.txt", "b one");
        var b2 = ArtifactFileSource.FromText("b.txt", "b two");
        var c = ArtifactFileSource.FromText("c.txt", "c");
        var v0 = await client.LogAsync("grow", [a, b1]);

        // wandb.Artifact("grow", incremental=True) with b.txt changed and c.txt added: its manifest names only those.
        var v1 = await client.LogPartAsync("grow", [b2, c], "INCREMENTAL", baseId: v0.Id);

        var (paths, manifest, version) = await ContentsAsync(client, v1);
        Assert.Equal(["a.txt", "b.txt", "c.txt"], paths);
        Assert.Equal(1, version["versionIndex"]!.GetValue<int>());
        Assert.Equal(3, version["fileCount"]!.GetValue<int>());
        Assert.Equal(b2.Md5Base64, manifest["contents"]!["b.txt"]!["digest"]!.GetValue<string>());
        Assert.Equal(a.Md5Base64, manifest["contents"]!["a.txt"]!["digest"]!.GetValue<string>());
        Assert.Equal(ArtifactClient.Digest([a, b2, c]), version["digest"]!.GetValue<string>());
        var files = await client.FilesAsync(v1);
        Assert.Equal(await a.Content().ReadAsByteArrayAsync(), await client.GetBytesAsync(files[0]["directUrl"]!.GetValue<string>()));

        // The base is untouched.
        Assert.Equal(["a.txt", "b.txt"], (await ContentsAsync(client, v0.Id)).Paths);
    }

    [Fact]
    public async Task An_incremental_manifest_over_another_collections_version_is_refused()
    {
        var client = fixture.OwnerClient("incremental");
        var other = await client.LogAsync("elsewhere", [ArtifactFileSource.FromText("secret.txt", "s " + Guid.NewGuid())]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            client.LogPartAsync("mine", [ArtifactFileSource.FromText("x.txt", "x")], "INCREMENTAL", baseId: other.Id));

        Assert.Contains("is not a committed version of the collection", error.Message, StringComparison.Ordinal);
        Assert.Contains("mine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distributed_writers_parts_are_merged_into_one_version_at_finish()
    {
        var client = fixture.OwnerClient("distributed");
        var id = "dist-" + Guid.NewGuid().ToString("N");
        var part1 = ArtifactFileSource.FromText("shard-1.txt", "one " + id);
        var part2 = ArtifactFileSource.FromText("shard-2.txt", "two " + id);
        var shared = ArtifactFileSource.FromText("common/config.json", "{}");

        // upsert_artifact from two writers (finalize=False: no commit), then finish_artifact with nothing new.
        var first = await client.LogPartAsync("shards", [part1, shared], "PATCH", distributedId: id, commit: false);
        var second = await client.LogPartAsync("shards", [part2], "PATCH", distributedId: id, commit: false);
        var finished = await client.LogPartAsync("shards", [], "PATCH", distributedId: id, commit: true);

        Assert.Equal(first, second);
        Assert.Equal(first, finished);
        var (paths, manifest, version) = await ContentsAsync(client, first);
        Assert.Equal(["common/config.json", "shard-1.txt", "shard-2.txt"], paths);
        Assert.Equal("COMMITTED", version["state"]!.GetValue<string>());
        Assert.Equal(3, version["fileCount"]!.GetValue<int>());
        Assert.Equal(3, manifest["contents"]!.AsObject().Count);
        Assert.Equal(ArtifactClient.Digest([part1, part2, shared]), version["digest"]!.GetValue<string>());

        // A writer after the finish gets the committed version and uploads nothing more.
        var late = await client.CreateArtifactAsync("shards", "dataset", "ffffffffffffffffffffffffffffffff", null, ["latest"], id);
        Assert.Equal("COMMITTED", late["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Files_by_manifest_entries_answer_the_urls_of_the_entries_the_version_holds_with_that_digest()
    {
        var client = fixture.OwnerClient("byentries");
        var a = ArtifactFileSource.FromText("a.txt", "a " + Guid.NewGuid());
        var b = ArtifactFileSource.FromText("dir/b.txt", "b " + Guid.NewGuid());
        var logged = await client.LogAsync("entries", [a, b]);

        var data = await client.Client.QueryAsync(
            """
            query ArtifactFileURLsByManifestEntries($id: ID!, $entries: [ArtifactManifestEntryInput!], $storageLayout: String!, $manifestVersion: String!) {
              artifact(id: $id) {
                filesByManifestEntries(storageLayout: $storageLayout, manifestVersion: $manifestVersion, entries: $entries) {
                  pageInfo { hasNextPage endCursor } edges { node { name directUrl } }
                }
              }
            }
            """,
            new
            {
                id = logged.Id,
                storageLayout = "V2",
                manifestVersion = "1",
                entries = new object[]
                {
                    new { name = "dir/b.txt", digest = b.Md5Base64, size = b.Size },
                    new { name = "a.txt", digest = b.Md5Base64 },
                    new { name = "missing.txt", digest = a.Md5Base64 },
                },
            });

        var edges = data["artifact"]!["filesByManifestEntries"]!["edges"]!.AsArray();
        var node = Assert.Single(edges)!["node"]!;
        Assert.Equal("dir/b.txt", node["name"]!.GetValue<string>());
        Assert.Equal(await b.Content().ReadAsByteArrayAsync(), await client.GetBytesAsync(node["directUrl"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Runs_list_the_versions_they_logged_and_used()
    {
        var client = fixture.OwnerClient("lineage");
        await client.Client.QueryAsync(
            """
            mutation { a: upsertBucket(input: {entityName: "artifact-owner", modelName: "lineage", name: "producer"}) { bucket { id } }
                       b: upsertBucket(input: {entityName: "artifact-owner", modelName: "lineage", name: "consumer"}) { bucket { id } } }
            """);
        var logged = await client.LogAsync("model", [ArtifactFileSource.FromText("weights.bin", "w1")], run: "producer", type: "model");
        await client.UseAsync(logged.Id, "consumer");

        var lineage = await client.Client.QueryAsync(
            """
            query { project(name: "lineage", entityName: "artifact-owner") {
              producer: run(name: "producer") { outputArtifacts { totalCount edges { node { id } } } inputArtifacts { totalCount } }
              consumer: run(name: "consumer") { inputArtifacts { edges { node { id artifactType { name } } } } } } }
            """);
        Assert.Equal(logged.Id, lineage["project"]!["producer"]!["outputArtifacts"]!["edges"]![0]!["node"]!["id"]!.GetValue<string>());
        Assert.Equal(0, lineage["project"]!["producer"]!["inputArtifacts"]!["totalCount"]!.GetValue<int>());
        var used = lineage["project"]!["consumer"]!["inputArtifacts"]!["edges"]![0]!["node"]!;
        Assert.Equal(logged.Id, used["id"]!.GetValue<string>());
        Assert.Equal("model", used["artifactType"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logging_identical_content_again_answers_committed_and_uploads_nothing()
    {
        var client = fixture.OwnerClient("dedup");
        var first = await client.LogAsync("dataset", [Csv]);
        var second = await client.LogAsync("dataset", [Csv]);

        Assert.Equal("COMMITTED", second.CreatedState);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(0, second.FileUploads);
        Assert.Equal(["latest", "v0"], ArtifactClient.AliasesOf((await client.ByNameAsync("dataset:latest"))!));
    }

    [Fact]
    public async Task The_same_content_in_other_collections_and_projects_is_stored_once()
    {
        var shared = ArtifactFileSource.FromText("shared.txt", "the same bytes " + Guid.NewGuid());
        var first = await fixture.OwnerClient("store-once-a").LogAsync("train", [shared]);
        var before = await fixture.StoredContentCountAsync();
        var second = await fixture.OwnerClient("store-once-b").LogAsync("other", [shared, ArtifactFileSource.FromText("extra.txt", "extra " + Guid.NewGuid())]);
        var third = await fixture.OwnerClient("store-once-b").LogAsync("again", [shared]);

        // Deduplication stays inside a project (issue #11 item 1): another project uploads the bytes again, and they
        // are checked and kept once; within the project the content is known and nothing is uploaded.
        Assert.Equal(1, first.FileUploads);
        Assert.Equal(2, second.FileUploads);
        Assert.Equal(0, third.FileUploads);
        Assert.Equal(before + 1, await fixture.StoredContentCountAsync());
        var files = await fixture.OwnerClient("store-once-b").FilesAsync(second.Id);
        Assert.Equal(
            await shared.Content().ReadAsByteArrayAsync(),
            await fixture.OwnerClient("store-once-b").GetBytesAsync(files.Single(f => f["name"]!.GetValue<string>() == "shared.txt")["directUrl"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Latest_and_user_aliases_move_to_the_newest_version_and_each_version_has_one_version_alias()
    {
        var client = fixture.OwnerClient("aliases");
        var v0 = await client.LogAsync("model", [ArtifactFileSource.FromText("w.bin", "v0")], aliases: ["latest", "best"]);
        var v1 = await client.LogAsync("model", [ArtifactFileSource.FromText("w.bin", "v1")], aliases: ["latest", "best"]);
        var v2 = await client.LogAsync("model", [ArtifactFileSource.FromText("w.bin", "v2")], aliases: ["latest"]);

        Assert.Equal(["v0"], ArtifactClient.AliasesOf((await client.ByIdAsync(v0.Id))!));
        Assert.Equal(["best", "v1"], ArtifactClient.AliasesOf((await client.ByIdAsync(v1.Id))!));
        Assert.Equal(["latest", "v2"], ArtifactClient.AliasesOf((await client.ByIdAsync(v2.Id))!));
        Assert.Equal(v1.Id, (await client.ByNameAsync("model:best"))!["id"]!.GetValue<string>());
        Assert.Equal(v2.Id, (await client.ByNameAsync("model"))!["id"]!.GetValue<string>());
        Assert.Equal(v0.Id, (await client.ByNameAsync("model:v0"))!["id"]!.GetValue<string>());
        Assert.Equal(v0.Id, (await client.ByNameAsync("model:" + ArtifactClient.Digest([ArtifactFileSource.FromText("w.bin", "v0")])))!["id"]!.GetValue<string>());

        await client.Client.QueryAsync(
            "mutation A($id: ID!) { addAliases(input: {artifactID: $id, aliases: [{alias: \"best\", artifactCollectionName: \"model\"}]}) { success } }",
            new { id = v0.Id });
        Assert.Equal(["best", "v0"], ArtifactClient.AliasesOf((await client.ByIdAsync(v0.Id))!));
        Assert.Equal(["v1"], ArtifactClient.AliasesOf((await client.ByIdAsync(v1.Id))!));

        var collection = await client.Client.QueryAsync(
            """
            query { project(name: "aliases", entityName: "artifact-owner") { artifactCollection(name: "model") {
              __typename name state ... on ArtifactSequence { latestArtifact { id } } artifacts { totalCount edges { node { versionIndex } } }
              aliases { edges { node { alias } } } artifactMembership(aliasName: "best") { versionIndex artifact { id } } } } }
            """);
        var sequence = collection["project"]!["artifactCollection"]!;
        Assert.Equal("ArtifactSequence", sequence["__typename"]!.GetValue<string>());
        Assert.Equal(v2.Id, sequence["latestArtifact"]!["id"]!.GetValue<string>());
        Assert.Equal([2, 1, 0], sequence["artifacts"]!["edges"]!.AsArray().Select(e => e!["node"]!["versionIndex"]!.GetValue<int>()).ToList());
        Assert.Equal(["best", "latest"], sequence["aliases"]!["edges"]!.AsArray().Select(e => e!["node"]!["alias"]!.GetValue<string>()).ToList());
        Assert.Equal(0, sequence["artifactMembership"]!["versionIndex"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_retried_commit_does_not_bump_the_version()
    {
        var client = fixture.OwnerClient("retried-commit");
        var logged = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "a")]);
        await client.CommitAsync(logged.Id);
        await client.CommitAsync(logged.Id);

        var version = (await client.ByIdAsync(logged.Id))!;
        Assert.Equal(0, version["versionIndex"]!.GetValue<int>());
        Assert.Equal(["latest", "v0"], ArtifactClient.AliasesOf(version));
    }

    [Fact]
    public async Task A_version_whose_files_were_not_uploaded_cannot_be_committed()
    {
        var client = fixture.OwnerClient("missing-upload");
        var file = ArtifactFileSource.FromText("never.txt", "never uploaded " + Guid.NewGuid());
        var created = await client.CreateArtifactAsync("dataset", "dataset", ArtifactClient.Digest([file]), null, ["latest"]);
        var id = created["id"]!.GetValue<string>();
        var manifestId = (await client.CreateManifestAsync(id, "", includeUpload: false))["id"]!.GetValue<string>();
        var nodes = await client.CreateFilesAsync(id, manifestId, [file]);
        var manifest = Encoding.UTF8.GetBytes(ArtifactClient.Manifest([file], new Dictionary<string, string> { ["never.txt"] = id }));
        var upload = await client.CreateManifestAsync(id, Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(manifest)), includeUpload: true);
        await client.PutAsync(upload["file"]!["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(manifest), ArtifactClient.UploadHeadersOf(upload["file"]!));

        var (status, body) = await client.Client.GraphQLAsync(
            "mutation C($id: ID!) { commitArtifact(input: {artifactID: $id}) { artifact { id } } }", new { id });
        Assert.Equal(400, status);
        Assert.Contains("not uploaded", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(nodes[0]["uploadUrl"]);
    }

    [Fact]
    public async Task Content_that_does_not_match_its_md5_is_refused_with_400_and_never_stored()
    {
        var client = fixture.OwnerClient("bad-md5");
        var file = ArtifactFileSource.FromText("claimed.txt", "claimed " + Guid.NewGuid());
        var created = await client.CreateArtifactAsync("dataset", "dataset", ArtifactClient.Digest([file]), null, ["latest"]);
        var id = created["id"]!.GetValue<string>();
        var manifestId = (await client.CreateManifestAsync(id, "", includeUpload: false))["id"]!.GetValue<string>();
        var node = (await client.CreateFilesAsync(id, manifestId, [file]))[0];

        // The server checks bytes it receives on the PUT; bytes that went straight to the blob store, at commit.
        using var put = await client.SendPutAsync(node["uploadUrl"]!.GetValue<string>(), new StringContent("other bytes"), ArtifactClient.UploadHeadersOf(node));
        if (put.IsSuccessStatusCode)
        {
            var manifest = Encoding.UTF8.GetBytes(ArtifactClient.Manifest([file], new Dictionary<string, string> { ["claimed.txt"] = id }));
            var upload = await client.CreateManifestAsync(id, Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(manifest)), includeUpload: true);
            await client.PutAsync(upload["file"]!["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(manifest), ArtifactClient.UploadHeadersOf(upload["file"]!));
            var (status, body) = await client.Client.GraphQLAsync(
                "mutation C($id: ID!) { commitArtifact(input: {artifactID: $id}) { artifact { id } } }", new { id });
            Assert.Equal(400, status);
            Assert.Contains(file.Md5Base64, body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("PENDING", (await client.Client.QueryAsync("query A($id: ID!) { artifact(id: $id) { state } }", new { id }))["artifact"]!["state"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        }

        Assert.False(await fixture.IsStoredAsync(file));
    }

    [Fact]
    public async Task Deleting_a_version_frees_only_the_contents_no_other_version_references()
    {
        var client = fixture.OwnerClient("delete-version");
        var shared = ArtifactFileSource.FromText("shared.txt", "shared " + Guid.NewGuid());
        var onlyV0 = ArtifactFileSource.FromText("only.txt", "only in v0 " + Guid.NewGuid());
        var v0 = await client.LogAsync("dataset", [shared, onlyV0]);
        var v1 = await client.LogAsync("dataset", [shared]);
        var before = await fixture.UsageAsync("delete-version");

        await client.Client.QueryAsync(
            "mutation D($id: ID!) { deleteArtifact(input: {artifactID: $id, deleteAliases: true}) { artifact { id state } } }", new { id = v0.Id });

        Assert.False(await fixture.IsStoredAsync(onlyV0));
        Assert.True(await fixture.IsStoredAsync(shared));
        Assert.Null(await client.ByIdAsync(v0.Id));
        Assert.Null(await client.ByNameAsync("dataset:v0"));
        Assert.Equal(v1.Id, (await client.ByNameAsync("dataset:latest"))!["id"]!.GetValue<string>());
        var after = await fixture.UsageAsync("delete-version");
        Assert.True(after.Bytes < before.Bytes, $"usage {before.Bytes} → {after.Bytes}");
    }

    [Fact]
    public async Task Deleting_the_newest_version_moves_latest_back()
    {
        var client = fixture.OwnerClient("delete-latest");
        var v0 = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "0")]);
        var v1 = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "1")]);

        await client.Client.QueryAsync("mutation D($id: ID!) { deleteArtifact(input: {artifactID: $id}) { artifact { id } } }", new { id = v1.Id });

        Assert.Equal(["latest", "v0"], ArtifactClient.AliasesOf((await client.ByNameAsync("dataset:latest"))!));
        Assert.Equal(v0.Id, (await client.ByNameAsync("dataset"))!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_version_with_user_aliases_is_deleted_only_with_its_aliases()
    {
        var client = fixture.OwnerClient("delete-aliased");
        var v0 = await client.LogAsync("dataset", [ArtifactFileSource.FromText("a.txt", "a")], aliases: ["latest", "prod"]);

        var (_, body) = await client.Client.GraphQLAsync(
            "mutation D($id: ID!) { deleteArtifact(input: {artifactID: $id}) { artifact { id } } }", new { id = v0.Id });

        Assert.Contains("prod", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(await client.ByIdAsync(v0.Id));
    }

    [Fact]
    public async Task Deleting_a_collection_frees_its_bytes_and_its_storage_figure_drops_to_zero()
    {
        var client = fixture.OwnerClient("delete-collection");
        var a = ArtifactFileSource.FromText("a.txt", "a " + Guid.NewGuid());
        var b = ArtifactFileSource.FromText("b.txt", "b " + Guid.NewGuid());
        await client.LogAsync("dataset", [a]);
        await client.LogAsync("dataset", [a, b]);
        var before = await fixture.UsageAsync("delete-collection");
        Assert.True(before.Bytes >= a.Size + b.Size, $"usage {before.Bytes} counts both contents");

        var collection = await client.Client.QueryAsync(
            "query { project(name: \"delete-collection\", entityName: \"artifact-owner\") { artifactCollection(name: \"dataset\") { id } } }");
        var deleted = await client.Client.QueryAsync(
            "mutation D($id: ID!) { deleteArtifactSequence(input: {artifactSequenceID: $id}) { artifactCollection { state } } }",
            new { id = collection["project"]!["artifactCollection"]!["id"]!.GetValue<string>() });

        Assert.Equal("DELETED", deleted["deleteArtifactSequence"]!["artifactCollection"]!["state"]!.GetValue<string>());
        Assert.False(await fixture.IsStoredAsync(a));
        Assert.False(await fixture.IsStoredAsync(b));
        Assert.Equal(0, (await fixture.UsageAsync("delete-collection")).Bytes);
        Assert.Null(await client.ByNameAsync("dataset:latest"));
    }

    [Fact]
    public async Task Fallback_downloads_need_an_api_key_and_serve_ranges()
    {
        var client = fixture.OwnerClient("fallback");
        var file = ArtifactFileSource.FromText("range.txt", "0123456789abcdef" + Guid.NewGuid());
        var logged = await client.LogAsync("dataset", [file]);

        using var anonymous = await ClientDownloads.GetFollowingRedirectAsync(fixture.ServerClient(), $"/artifacts/{ArtifactAppFixture.Owner}/{file.Md5Hex}", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        foreach (var path in new[]
                 {
                     $"/artifacts/{ArtifactAppFixture.Owner}/{file.Md5Hex}",
                     $"/artifactsV2/default/{ArtifactAppFixture.Owner}/{Uri.EscapeDataString(logged.Id)}/{file.Md5Hex}",
                     $"/artifactsV2/default/{ArtifactAppFixture.Owner}/fallback/dataset/{Uri.EscapeDataString(logged.Id)}/{file.Md5Hex}/range.txt",
                 })
        {
            using var response = await ClientDownloads.GetFollowingRedirectAsync(fixture.ServerClient(), path, fixture.OwnerKey, new RangeHeaderValue(4, 9));
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal("456789", await response.Content.ReadAsStringAsync());
        }

        using var refused = await ClientDownloads.GetFollowingRedirectAsync(fixture.ServerClient(), $"/artifacts/{ArtifactAppFixture.Owner}/{file.Md5Hex}", fixture.StrangerKey);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task Fallback_downloads_follow_project_visibility_not_only_the_entity()
    {
        var client = fixture.OwnerClient("fallback-private");
        var file = ArtifactFileSource.FromText("secret.txt", "only for members " + Guid.NewGuid());
        await client.LogAsync("dataset", [file]);
        var access = await client.Client.QueryAsync(
            """
            mutation UpsertModel($entity: String!, $name: String!) {
              upsertModel(input: {entityName: $entity, name: $name, access: "private"}) { project { access } }
            }
            """, new { entity = ArtifactAppFixture.Owner, name = "fallback-private" });
        Assert.Equal("private", access["upsertModel"]!["project"]!["access"]!.GetValue<string>());

        async Task<HttpStatusCode> FetchAsync(string apiKey)
        {
            using var response = await ClientDownloads.GetFollowingRedirectAsync(fixture.ServerClient(), $"/artifacts/{ArtifactAppFixture.Owner}/{file.Md5Hex}", apiKey);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await FetchAsync(fixture.OwnerKey));

        // A server admin who is not a member of the owning entity may not read a private project, nor its bytes.
        Assert.Equal(HttpStatusCode.NotFound, await FetchAsync(fixture.App.AdminApiKey));
    }

    [Fact]
    public async Task A_tampered_download_url_answers_an_error_status_not_a_page()
    {
        var client = fixture.OwnerClient("tampered");
        var logged = await client.LogAsync("dataset", [ArtifactFileSource.FromText("t.txt", "t")]);
        var url = (await client.FilesAsync(logged.Id))[0]["directUrl"]!.GetValue<string>();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url.Replace("sig=", "sig=0", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Users_who_may_not_write_the_entity_cannot_log_and_cannot_see_its_artifacts()
    {
        var owner = fixture.OwnerClient("private");
        var logged = await owner.LogAsync("dataset", [ArtifactFileSource.FromText("p.txt", "private")]);
        var stranger = fixture.StrangerClient("private");

        var (status, body) = await stranger.Client.GraphQLAsync(
            "mutation C($input: CreateArtifactInput!) { createArtifact(input: $input) { artifact { id } } }",
            new { input = new { entityName = ArtifactAppFixture.Owner, projectName = "private", artifactTypeName = "dataset", artifactCollectionName = "x", digest = "00" } });
        Assert.Equal(403, status);
        Assert.Contains("Permission denied", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, deleteBody) = await stranger.Client.GraphQLAsync(
            "mutation C($id: ID!) { deleteArtifact(input: {artifactID: $id}) { artifact { id } } }", new { id = logged.Id });
        Assert.NotNull(deleteBody!["errors"]);
        Assert.Null(await stranger.ByIdAsync(logged.Id));
        Assert.NotNull(await owner.ByIdAsync(logged.Id));
    }

    [Fact]
    public async Task Client_ids_map_to_the_server_ids_of_the_version_and_its_collection()
    {
        var client = fixture.OwnerClient("client-ids");
        var file = ArtifactFileSource.FromText("c.txt", "c");
        var created = await client.Client.QueryAsync(
            "mutation C($input: CreateArtifactInput!) { createArtifact(input: $input) { artifact { id artifactSequence { id } } } }",
            new { input = new { entityName = ArtifactAppFixture.Owner, projectName = "client-ids", artifactTypeName = "dataset", artifactCollectionName = "ids", digest = ArtifactClient.Digest([file]), clientID = "my-client-id", sequenceClientID = "my-sequence-id" } });

        var mapping = await client.Client.QueryAsync(
            "query { a: clientIDMapping(clientID: \"my-client-id\") { serverID } b: clientIDMapping(clientID: \"my-sequence-id\") { serverID } }");
        Assert.Equal(created["createArtifact"]!["artifact"]!["id"]!.GetValue<string>(), mapping["a"]!["serverID"]!.GetValue<string>());
        Assert.Equal(created["createArtifact"]!["artifact"]!["artifactSequence"]!["id"]!.GetValue<string>(), mapping["b"]!["serverID"]!.GetValue<string>());
    }
}
