using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// The artifact browsing calls of <c>wandb.Api()</c> that the captures do not hold, sent with the client's exact
/// documents (copied from the client source named on each) against a running server: types
/// (<c>api.artifact_types()</c>, <c>api.artifact_type()</c>), collections (<c>type.collections()</c>,
/// <c>api.artifact_collections()</c>, <c>api.artifact_collection()</c>, <c>collection.aliases</c>,
/// <c>collection.is_sequence()</c>), versions (<c>api.artifacts()</c> / <c>artifact_versions()</c>), Py16's
/// <c>artifact.files()</c> and New's <c>artifact.linked_artifacts</c>. Each test asserts the fields the client reads.
/// </summary>
public sealed class ArtifactCollectionDocumentTests(EmbeddedArtifactAppFixture fixture) : IClassFixture<EmbeddedArtifactAppFixture>
{
    private const string Entity = ArtifactAppFixture.Owner;

    // wandb 0.16.6, wandb/apis/public/artifacts.py: ArtifactTypes.QUERY with ARTIFACTS_TYPES_FRAGMENT.
    private const string Py16ProjectArtifacts = """
        query ProjectArtifacts(
            $entityName: String!,
            $projectName: String!,
            $cursor: String,
        ) {
            project(name: $projectName, entityName: $entityName) {
                artifactTypes(after: $cursor) {
                    ...ArtifactTypesFragment
                }
            }
        }

        fragment ArtifactTypesFragment on ArtifactTypeConnection {
            edges {
                 node {
                     id
                     name
                     description
                     createdAt
                 }
                 cursor
            }
            pageInfo {
                endCursor
                hasNextPage
            }
        }
        """;

    // wandb 0.16.6, wandb/apis/public/artifacts.py: ArtifactType.load.
    private const string Py16ProjectArtifactType = """
        query ProjectArtifactType(
            $entityName: String!,
            $projectName: String!,
            $artifactTypeName: String!
        ) {
            project(name: $projectName, entityName: $entityName) {
                artifactType(name: $artifactTypeName) {
                    id
                    name
                    description
                    createdAt
                }
            }
        }
        """;

    // wandb 0.16.6, wandb/apis/public/artifacts.py: ArtifactCollections.QUERY, with the edge name a server
    // advertising max_cli_version >= 0.12.11 gets (artifact_collection_plural_edge_name).
    private const string Py16ProjectArtifactCollections = """
        query ProjectArtifactCollections(
            $entityName: String!,
            $projectName: String!,
            $artifactTypeName: String!
            $cursor: String,
        ) {
            project(name: $projectName, entityName: $entityName) {
                artifactType(name: $artifactTypeName) {
                    artifactCollections: artifactCollections(after: $cursor) {
                        pageInfo {
                            endCursor
                            hasNextPage
                        }
                        totalCount
                        edges {
                            node {
                                id
                                name
                                description
                                createdAt
                            }
                            cursor
                        }
                    }
                }
            }
        }
        """;

    // wandb 0.16.6, wandb/apis/public/artifacts.py: ArtifactCollection.load (edge name artifactCollection).
    private const string Py16ArtifactCollection = """
        query ArtifactCollection(
            $entityName: String!,
            $projectName: String!,
            $artifactTypeName: String!,
            $artifactCollectionName: String!,
            $cursor: String,
            $perPage: Int = 1000
        ) {
            project(name: $projectName, entityName: $entityName) {
                artifactType(name: $artifactTypeName) {
                    artifactCollection: artifactCollection(name: $artifactCollectionName) {
                        id
                        name
                        description
                        createdAt
                        aliases(after: $cursor, first: $perPage){
                            edges {
                                node {
                                    alias
                                }
                                cursor
                            }
                            pageInfo {
                                endCursor
                                hasNextPage
                            }
                        }
                    }
                }
            }
        }
        """;

    // wandb 0.16.6, wandb/apis/public/artifacts.py: ArtifactCollection.is_sequence.
    private const string Py16FindSequence = """
        query FindSequence($entity: String!, $project: String!, $collection: String!, $type: String!) {
            project(name: $project, entityName: $entity) {
                artifactType(name: $type) {
                    __typename
                    artifactSequence(name: $collection) {
                        __typename
                    }
                }
            }
        }
        """;

    // wandb 0.16.6, wandb/apis/public/artifacts.py: Artifacts.QUERY (edge name artifactCollection) with
    // wandb/sdk/artifacts/artifact.py Artifact._get_gql_artifact_fragment (a server with ttlIsInherited).
    private const string Py16Artifacts = """
        query Artifacts($project: String!, $entity: String!, $type: String!, $collection: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
            project(name: $project, entityName: $entity) {
                artifactType(name: $type) {
                    artifactCollection: artifactCollection(name: $collection) {
                        name
                        artifacts(filters: $filters, after: $cursor, first: $perPage, order: $order) {
                            totalCount
                            edges {
                                node {
                                    ...ArtifactFragment
                                }
                                version
                                cursor
                            }
                            pageInfo {
                                endCursor
                                hasNextPage
                            }
                        }
                    }
                }
            }
        }

        fragment ArtifactFragment on Artifact {
            id
            artifactSequence {
                project {
                    entityName
                    name
                }
                name
            }
            versionIndex
            artifactType {
                name
            }
            description
            metadata
            ttlDurationSeconds
            ttlIsInherited
            aliases {
                artifactCollection {
                    project {
                        entityName
                        name
                    }
                    name
                }
                alias
            }
            state
            commitHash
            fileCount
            createdAt
            updatedAt
        }
        """;

    // wandb 0.16.6, wandb/apis/public/artifacts.py: ArtifactFiles.QUERY with ARTIFACT_FILES_FRAGMENT.
    private const string Py16ArtifactFiles = """
        query ArtifactFiles(
            $entityName: String!,
            $projectName: String!,
            $artifactTypeName: String!,
            $artifactName: String!
            $fileNames: [String!],
            $fileCursor: String,
            $fileLimit: Int = 50
        ) {
            project(name: $projectName, entityName: $entityName) {
                artifactType(name: $artifactTypeName) {
                    artifact(name: $artifactName) {
                        ...ArtifactFilesFragment
                    }
                }
            }
        }

        fragment ArtifactFilesFragment on Artifact {
            files(names: $fileNames, after: $fileCursor, first: $fileLimit) {
                edges {
                    node {
                        id
                        name: displayName
                        url
                        sizeBytes
                        storagePath
                        mimetype
                        updatedAt
                        digest
                        md5
                    }
                    cursor
                }
                pageInfo {
                    endCursor
                    hasNextPage
                }
            }
        }
        """;

    // Fragments of wandb 0.28.2's wandb/sdk/artifacts/_generated/operations.py; each document is sent with the ones it uses.
    private const string ArtifactCollectionFragment = """
        fragment ArtifactCollectionFragment on ArtifactCollection {
          __typename
          id
          name
          description
          createdAt
          updatedAt
          project {
            ...ProjectInfoFragment
          }
          type: defaultArtifactType {
            name
          }
          tags {
            edges {
              node {
                ...TagFragment
              }
            }
          }
        }
        """;

    private const string PageInfoFragment = """
        fragment PageInfoFragment on PageInfo {
          __typename
          endCursor
          hasNextPage
        }
        """;

    private const string ProjectInfoFragment = """
        fragment ProjectInfoFragment on Project {
          id
          internalId
          name
          entity {
            name
          }
        }
        """;

    private const string TagFragment = """
        fragment TagFragment on Tag {
          __typename
          id
          name
        }
        """;

    private const string ArtifactAliasFragment = """
        fragment ArtifactAliasFragment on ArtifactAlias {
          __typename
          id
          alias
        }
        """;

    private const string CollectionInfoFragment = """
        fragment CollectionInfoFragment on ArtifactCollection {
          __typename
          name
          project {
            ...ProjectInfoFragment
          }
        }
        """;

    // wandb 0.28.2, wandb/sdk/artifacts/_generated/operations.py: PROJECT_ARTIFACT_TYPES_GQL.
    private const string NewProjectArtifactTypes = """
        query ProjectArtifactTypes($entity: String!, $project: String!, $cursor: String, $perPage: Int) {
          project(name: $project, entityName: $entity) {
            artifactTypes(after: $cursor, first: $perPage) {
              edges {
                node {
                  ...ArtifactTypeFragment
                }
              }
              pageInfo {
                ...PageInfoFragment
              }
            }
          }
        }

        fragment ArtifactTypeFragment on ArtifactType {
          __typename
          id
          name
          description
          createdAt
        }
        """ + PageInfoFragment;

    // wandb 0.28.2, wandb/sdk/artifacts/_generated/operations.py: ARTIFACT_TYPE_ARTIFACT_COLLECTIONS_GQL.
    private const string NewArtifactTypeArtifactCollections = """
        query ArtifactTypeArtifactCollections($entity: String!, $project: String!, $type: String!, $cursor: String, $perPage: Int, $filters: JSONString, $order: String) {
          project(entityName: $entity, name: $project) {
            artifactType(name: $type) {
              artifactCollections(
                after: $cursor
                first: $perPage
                filters: $filters
                order: $order
              ) {
                totalCount
                pageInfo {
                  ...PageInfoFragment
                }
                edges {
                  node {
                    __typename
                    ...ArtifactCollectionFragment
                  }
                }
              }
            }
          }
        }
        """ + ArtifactCollectionFragment + PageInfoFragment + ProjectInfoFragment + TagFragment;

    // wandb 0.28.2, wandb/sdk/artifacts/_generated/operations.py: PROJECT_ARTIFACT_COLLECTIONS_GQL.
    private const string NewProjectArtifactCollections = """
        query ProjectArtifactCollections($entity: String!, $project: String!, $cursor: String, $perPage: Int, $filters: JSONString, $order: String) {
          project(entityName: $entity, name: $project) {
            artifactCollections(
              after: $cursor
              first: $perPage
              filters: $filters
              order: $order
            ) {
              totalCount @include(if: true)
              pageInfo {
                ...PageInfoFragment
              }
              edges {
                node {
                  __typename
                  ...ArtifactCollectionFragment
                }
              }
            }
          }
        }
        """ + ArtifactCollectionFragment + PageInfoFragment + ProjectInfoFragment + TagFragment;

    // wandb 0.28.2, wandb/sdk/artifacts/_generated/operations.py: PROJECT_ARTIFACT_COLLECTION_GQL (its fragments
    // minus PageInfoFragment, which the client leaves out because the operation does not use it).
    private const string NewProjectArtifactCollection = """
        query ProjectArtifactCollection($entity: String!, $project: String!, $type: String!, $name: String!) {
          project(entityName: $entity, name: $project) {
            artifactType(name: $type) {
              artifactCollection(name: $name) {
                __typename
                ...ArtifactCollectionFragment
              }
            }
          }
        }
        """ + ArtifactCollectionFragment + ProjectInfoFragment + TagFragment;

    // wandb 0.28.2, wandb/sdk/artifacts/_generated/operations.py: ARTIFACT_COLLECTION_ALIASES_GQL.
    private const string NewArtifactCollectionAliases = """
        query ArtifactCollectionAliases($id: ID!, $cursor: String, $perPage: Int = 1000) {
          artifactCollection(id: $id) {
            __typename
            aliases(after: $cursor, first: $perPage) {
              pageInfo {
                ...PageInfoFragment
              }
              edges {
                node {
                  ...ArtifactAliasFragment
                }
              }
            }
          }
        }
        """ + ArtifactAliasFragment + PageInfoFragment;

    // wandb 0.28.2, wandb/sdk/artifacts/_generated/operations.py: PROJECT_ARTIFACTS_GQL.
    private const string NewProjectArtifacts = """
        query ProjectArtifacts($entity: String!, $project: String!, $type: String!, $collection: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString, $includeAliases: Boolean = true) {
          project(entityName: $entity, name: $project) {
            artifactType(name: $type) {
              artifactCollection(name: $collection) {
                __typename
                artifacts(after: $cursor, first: $perPage, order: $order, filters: $filters) {
                  totalCount
                  pageInfo {
                    ...PageInfoFragment
                  }
                  edges {
                    version
                    node {
                      ...ArtifactFragment
                    }
                  }
                }
              }
            }
          }
        }
        fragment ArtifactFragment on Artifact {
          __typename
          id
          artifactSequence {
            ...SourceCollectionInfoFragment
          }
          versionIndex
          artifactType {
            name
          }
          description
          metadata
          ttlDurationSeconds
          ttlIsInherited
          tags {
            ...TagFragment
          }
          historyStep
          state
          size
          digest
          commitHash
          fileCount
          createdAt
          updatedAt
          aliases @include(if: $includeAliases) {
            artifactCollection {
              ...CollectionInfoFragment
            }
            ...ArtifactAliasFragment
          }
        }
        fragment SourceCollectionInfoFragment on ArtifactSequence {
          __typename
          name
          project {
            ...ProjectInfoFragment
          }
        }
        """ + ArtifactAliasFragment + CollectionInfoFragment + PageInfoFragment + ProjectInfoFragment + TagFragment;

    // wandb 0.28.2, wandb/sdk/artifacts/_generated/operations.py: FETCH_LINKED_ARTIFACTS_GQL.
    private const string NewFetchLinkedArtifacts = """
        query FetchLinkedArtifacts($artifactID: ID!) {
          artifact(id: $artifactID) {
            artifactMemberships {
              edges {
                node {
                  versionIndex
                  aliases {
                    ...ArtifactAliasFragment
                  }
                  artifactCollection {
                    __typename
                    ...CollectionInfoFragment
                  }
                }
              }
            }
          }
        }
        """ + ArtifactAliasFragment + CollectionInfoFragment + ProjectInfoFragment;

    /// <summary>Two committed versions and a pending one of <c>train-set</c> (dataset), one of <c>resnet</c> (model).</summary>
    private async Task<ArtifactClient> ProjectAsync(string project)
    {
        var client = fixture.OwnerClient(project);
        await client.LogAsync("train-set", [ArtifactFileSource.FromText("a.csv", "1")]);
        await client.LogAsync("train-set", [ArtifactFileSource.FromText("a.csv", "2"), ArtifactFileSource.FromText("b.csv", "22")], aliases: ["latest", "best"]);
        await client.CreateArtifactAsync("train-set", "dataset", new string('9', 32), run: null, aliases: ["latest"]);
        await client.LogAsync("resnet", [ArtifactFileSource.FromText("w.bin", "4")], type: "model");
        return client;
    }

    [Fact]
    public async Task Py16_and_new_type_listings_and_lookups_carry_each_types_creation_time()
    {
        var client = await ProjectAsync("docs-types");

        var py16 = (await client.Client.QueryAsync(Py16ProjectArtifacts, new { entityName = Entity, projectName = "docs-types" }))["project"]!["artifactTypes"]!;
        Assert.Equal(["dataset", "model"], py16["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()));
        Assert.All(py16["edges"]!.AsArray(), e => Assert.True(DateTimeOffset.TryParse(e!["node"]!["createdAt"]!.GetValue<string>(), out _)));
        Assert.False(py16["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        var one = (await client.Client.QueryAsync(Py16ProjectArtifactType, new { entityName = Entity, projectName = "docs-types", artifactTypeName = "model" }))["project"]!["artifactType"]!;
        Assert.Equal("model", one["name"]!.GetValue<string>());
        Assert.Equal(py16["edges"]![1]!["node"]!["createdAt"]!.GetValue<string>(), one["createdAt"]!.GetValue<string>());

        var typed = (await client.Client.QueryAsync(NewProjectArtifactTypes, new { entity = Entity, project = "docs-types", perPage = 1 }))["project"]!["artifactTypes"]!;
        var node = typed["edges"]![0]!["node"]!;
        Assert.Equal(("ArtifactType", "dataset"), (node["__typename"]!.GetValue<string>(), node["name"]!.GetValue<string>()));
        Assert.NotNull(node["createdAt"]!.GetValue<string>());
        Assert.True(typed["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Py16_collections_of_a_type_a_collection_with_its_aliases_and_the_sequence_check()
    {
        var client = await ProjectAsync("docs-py16-collections");

        var collections = (await client.Client.QueryAsync(Py16ProjectArtifactCollections,
            new { entityName = Entity, projectName = "docs-py16-collections", artifactTypeName = "dataset" }))["project"]!["artifactType"]!["artifactCollections"]!;
        Assert.Equal(1, collections["totalCount"]!.GetValue<int>());
        var node = collections["edges"]![0]!["node"]!;
        Assert.Equal("train-set", node["name"]!.GetValue<string>());
        Assert.NotNull(node["id"]!.GetValue<string>());
        Assert.Equal("train-set", collections["edges"]![0]!["cursor"]!.GetValue<string>());

        var collection = (await client.Client.QueryAsync(Py16ArtifactCollection,
            new { entityName = Entity, projectName = "docs-py16-collections", artifactTypeName = "dataset", artifactCollectionName = "train-set" }))["project"]!["artifactType"]!["artifactCollection"]!;
        Assert.Equal(node["id"]!.GetValue<string>(), collection["id"]!.GetValue<string>());
        Assert.Equal(["best", "latest"], collection["aliases"]!["edges"]!.AsArray().Select(e => e!["node"]!["alias"]!.GetValue<string>()));

        // A collection of another type is not found under this one.
        var wrongType = await client.Client.QueryAsync(Py16ArtifactCollection,
            new { entityName = Entity, projectName = "docs-py16-collections", artifactTypeName = "model", artifactCollectionName = "train-set" });
        Assert.Null(wrongType["project"]!["artifactType"]!["artifactCollection"]);

        var sequence = (await client.Client.QueryAsync(Py16FindSequence,
            new { entity = Entity, project = "docs-py16-collections", collection = "train-set", type = "dataset" }))["project"]!["artifactType"]!;
        Assert.Equal("ArtifactSequence", sequence["artifactSequence"]!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task Py16_artifact_versions_lists_committed_versions_newest_first_with_their_version_alias()
    {
        var client = await ProjectAsync("docs-py16-versions");

        // Artifacts.__init__ sends {"state": "COMMITTED"} unless the caller gives filters.
        var collection = (await client.Client.QueryAsync(Py16Artifacts, new
        {
            project = "docs-py16-versions", entity = Entity, type = "dataset", collection = "train-set",
            filters = "{\"state\": \"COMMITTED\"}", order = (string?)null, perPage = 1, cursor = (string?)null,
        }))["project"]!["artifactType"]!["artifactCollection"]!;
        var versions = collection["artifacts"]!;
        Assert.Equal(2, versions["totalCount"]!.GetValue<int>());
        var first = versions["edges"]![0]!;
        Assert.Equal("v1", first["version"]!.GetValue<string>());
        Assert.Equal(("COMMITTED", 1), (first["node"]!["state"]!.GetValue<string>(), first["node"]!["versionIndex"]!.GetValue<int>()));
        Assert.True(versions["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        var next = (await client.Client.QueryAsync(Py16Artifacts, new
        {
            project = "docs-py16-versions", entity = Entity, type = "dataset", collection = "train-set",
            filters = "{\"state\": \"COMMITTED\"}", perPage = 50, cursor = first["cursor"]!.GetValue<string>(),
        }))["project"]!["artifactType"]!["artifactCollection"]!["artifacts"]!;
        Assert.Equal(["v0"], next["edges"]!.AsArray().Select(e => e!["version"]!.GetValue<string>()));
        Assert.False(next["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        var oldestFirst = (await client.Client.QueryAsync(Py16Artifacts, new
        {
            project = "docs-py16-versions", entity = Entity, type = "dataset", collection = "train-set", filters = "{\"alias\": {\"$in\": [\"v0\", \"best\"]}}", order = "+versionIndex",
        }))["project"]!["artifactType"]!["artifactCollection"]!["artifacts"]!;
        Assert.Equal(["v0", "v1"], oldestFirst["edges"]!.AsArray().Select(e => e!["version"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("{\"size\": 3}", "size")]
    [InlineData("{\"state\": {\"$regex\": \"C.*\"}}", "$regex")]
    public async Task An_unknown_version_filter_is_a_400_naming_it(string filters, string named)
    {
        await ProjectAsync("docs-bad-filter-" + named.Length);
        var (status, body) = await fixture.OwnerClient("x").Client.GraphQLAsync(Py16Artifacts, new
        {
            project = "docs-bad-filter-" + named.Length, entity = Entity, type = "dataset", collection = "train-set", filters,
        });
        Assert.True(status == 400, body?.ToJsonString());
        Assert.Contains(named, body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Py16_artifact_files_pages_the_files_of_a_version_found_through_its_type()
    {
        var client = await ProjectAsync("docs-py16-files");

        var files = (await client.Client.QueryAsync(Py16ArtifactFiles, new
        {
            entityName = Entity, projectName = "docs-py16-files", artifactTypeName = "dataset", artifactName = "train-set:v1",
            fileNames = (string[]?)null, fileLimit = 1,
        }))["project"]!["artifactType"]!["artifact"]!["files"]!;
        var node = files["edges"]![0]!["node"]!;
        Assert.Equal(("a.csv", 1L), (node["name"]!.GetValue<string>(), node["sizeBytes"]!.GetValue<long>()));
        Assert.NotNull(node["md5"]!.GetValue<string>());
        Assert.StartsWith("http", node["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(files["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        var wrongType = await client.Client.QueryAsync(Py16ArtifactFiles, new
        {
            entityName = Entity, projectName = "docs-py16-files", artifactTypeName = "model", artifactName = "train-set:v1",
        });
        Assert.Null(wrongType["project"]!["artifactType"]!["artifact"]);
    }

    [Fact]
    public async Task New_collection_listings_carry_type_dates_project_and_an_empty_tag_list()
    {
        var client = await ProjectAsync("docs-new-collections");

        var ofType = (await client.Client.QueryAsync(NewArtifactTypeArtifactCollections, new
        {
            entity = Entity, project = "docs-new-collections", type = "model", perPage = 50, filters = (string?)null, order = (string?)null,
        }))["project"]!["artifactType"]!["artifactCollections"]!;
        Assert.Equal(1, ofType["totalCount"]!.GetValue<int>());
        AssertCollection(ofType["edges"]![0]!["node"]!, "resnet", "model", "docs-new-collections");

        var all = (await client.Client.QueryAsync(NewProjectArtifactCollections, new { entity = Entity, project = "docs-new-collections", perPage = 50 }))
            ["project"]!["artifactCollections"]!;
        Assert.Equal(2, all["totalCount"]!.GetValue<int>());
        Assert.Equal(["resnet", "train-set"], all["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()));
        AssertCollection(all["edges"]![1]!["node"]!, "train-set", "dataset", "docs-new-collections");

        var one = (await client.Client.QueryAsync(NewProjectArtifactCollection, new { entity = Entity, project = "docs-new-collections", type = "dataset", name = "train-set" }))
            ["project"]!["artifactType"]!["artifactCollection"]!;
        AssertCollection(one, "train-set", "dataset", "docs-new-collections");

        var aliases = (await client.Client.QueryAsync(NewArtifactCollectionAliases, new { id = one["id"]!.GetValue<string>() }))["artifactCollection"]!;
        Assert.Equal("ArtifactSequence", aliases["__typename"]!.GetValue<string>());
        Assert.Equal(["best", "latest"], aliases["aliases"]!["edges"]!.AsArray().Select(e => e!["node"]!["alias"]!.GetValue<string>()));
        Assert.All(aliases["aliases"]!["edges"]!.AsArray(), e => Assert.NotNull(e!["node"]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Collections_are_filtered_by_name_with_the_clients_document_now_that_the_feature_is_advertised()
    {
        await ProjectAsync("docs-collection-filters");
        var filtered = (await fixture.OwnerClient("x").Client.QueryAsync(NewProjectArtifactCollections,
            new { entity = Entity, project = "docs-collection-filters", filters = "{\"name\": \"resnet\"}", perPage = 50 }))["project"]!["artifactCollections"]!;
        Assert.Equal(["resnet"], filtered["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()));
        Assert.Equal(1, filtered["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_collection_is_found_by_id_only_by_those_who_may_read_its_project()
    {
        var client = await ProjectAsync("docs-collection-by-id");
        var id = (await client.Client.QueryAsync(NewProjectArtifactCollection, new { entity = Entity, project = "docs-collection-by-id", type = "dataset", name = "train-set" }))
            ["project"]!["artifactType"]!["artifactCollection"]!["id"]!.GetValue<string>();

        var stranger = await fixture.StrangerClient("docs-collection-by-id").Client.QueryAsync(NewArtifactCollectionAliases, new { id });
        Assert.Null(stranger["artifactCollection"]);
    }

    [Fact]
    public async Task New_artifact_versions_and_linked_artifacts_read_the_version_alias_and_the_own_membership()
    {
        var client = await ProjectAsync("docs-new-versions");

        var versions = (await client.Client.QueryAsync(NewProjectArtifacts, new
        {
            entity = Entity, project = "docs-new-versions", type = "dataset", collection = "train-set", filters = "{\"state\": \"COMMITTED\"}", perPage = 50,
        }))["project"]!["artifactType"]!["artifactCollection"]!["artifacts"]!;
        Assert.Equal(["v1", "v0"], versions["edges"]!.AsArray().Select(e => e!["version"]!.GetValue<string>()));
        var newest = versions["edges"]![0]!["node"]!;
        Assert.Equal(("Artifact", 2L), (newest["__typename"]!.GetValue<string>(), newest["fileCount"]!.GetValue<long>()));
        Assert.Equal(["best", "latest", "v1"], newest["aliases"]!.AsArray().Select(a => a!["alias"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        var linked = (await client.Client.QueryAsync(NewFetchLinkedArtifacts, new { artifactID = newest["id"]!.GetValue<string>() }))["artifact"]!["artifactMemberships"]!;
        var membership = Assert.Single(linked["edges"]!.AsArray())!["node"]!;
        Assert.Equal(1, membership["versionIndex"]!.GetValue<int>());
        Assert.Equal(("ArtifactSequence", "train-set"), (membership["artifactCollection"]!["__typename"]!.GetValue<string>(), membership["artifactCollection"]!["name"]!.GetValue<string>()));
    }

    private static void AssertCollection(JsonNode node, string name, string type, string project)
    {
        Assert.Equal(("ArtifactSequence", name), (node["__typename"]!.GetValue<string>(), node["name"]!.GetValue<string>()));
        Assert.Equal(type, node["type"]!["name"]!.GetValue<string>());
        Assert.NotNull(node["createdAt"]!.GetValue<string>());
        Assert.NotNull(node["updatedAt"]!.GetValue<string>());
        Assert.Equal((project, Entity), (node["project"]!["name"]!.GetValue<string>(), node["project"]!["entity"]!["name"]!.GetValue<string>()));
        Assert.Empty(node["tags"]!["edges"]!.AsArray());
    }
}
