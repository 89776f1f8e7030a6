using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// Documents the clients send that the captures do not contain: the files of <c>tests/fixtures/graphql</c> (one
/// operation document each, as the clients' sources write them), and shorter ones written out here. The keys name the
/// area of the protocol notes (docs/protocol/) the document belongs to.
/// </summary>
internal static class ReferenceDocuments
{
    /// <summary>Inline documents from the reference, by the section that quotes them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Inline = new Dictionary<string, string>
    {
        ["9.1 GetViewer (New)"] = """
            query GetViewer { viewer { ...UserFragment } }
            fragment UserFragment on User { id name username email admin flags entity deletedAt
              apiKeys { edges { node { ...ApiKeyFragment } } } teams { edges { node { name } } } }
            fragment ApiKeyFragment on ApiKey { id name description }
            """,
        ["9.1 GetDefaultEntity (New)"] = "query GetDefaultEntity { viewer { id entity } }",
        ["9.2 Runs (New)"] = """
            query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
              project(name: $project, entityName: $entity) {
                internalId runCount(filters: $filters) readOnly
                runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
                  edges { node { projectId ...LightweightRunFragment } cursor }
                  pageInfo { endCursor hasNextPage }
                }
              }
            }
            fragment LightweightRunFragment on Run { id tags name displayName sweepName state group jobType commit
              readOnly createdAt heartbeatAt description notes historyLineCount user { name username } }
            """,
        ["5.3 RunResumeStatus (New)"] = """
            query RunResumeStatus($project: String, $entity: String, $name: String!) {
              model(name: $project, entityName: $entity) {
                id name entity { id name }
                bucket(name: $name, missingOk: true) { id name summaryMetrics displayName logLineCount historyLineCount
                  eventsLineCount historyTail eventsTail config tags notes wandbConfig(keys: ["t"]) }
              }
            }
            """,
        ["5.2 UpsertBucket public (New)"] = """
            mutation UpsertBucket($id: String!, $description: String, $display_name: String, $notes: String, $tags: [String!], $config: JSONString!, $groupName: String, $jobType: String) {
              upsertBucket(input: {id: $id, description: $description, displayName: $display_name, notes: $notes, tags: $tags, config: $config, groupName: $groupName, jobType: $jobType}) {
                bucket { id }
              }
            }
            """,
        ["5.4 stopRun (Py16 sweeps)"] = "mutation stopRun($id: ID!) { stopRun(input: { id: $id }) { clientMutationId success } }",
        ["7.3 RunFiles (New)"] = """
            query RunFiles($project: String!, $entity: String!, $name: String!, $fileCursor: String, $fileLimit: Int = 50, $fileNames: [String] = [], $upload: Boolean = false, $pattern: String) {
              project(name: $project, entityName: $entity) { internalId run(name: $name) { fileCount ...RunFilesFragment } }
            }
            fragment RunFilesFragment on Run {
              files(names: $fileNames, after: $fileCursor, first: $fileLimit, pattern: $pattern) {
                edges { node { id name url(upload: $upload) directUrl sizeBytes mimetype updatedAt md5 } cursor }
                pageInfo { endCursor hasNextPage }
              }
            }
            """,
        ["7.4 RunDownloadUrls"] = """
            query RunDownloadUrls($name: String!, $entity: String, $run: String!) {
              model(name: $name, entityName: $entity) { bucket(name: $run) { files { edges { node { name url md5 updatedAt } } } } }
            }
            """,
        ["7.4 RunDownloadUrl"] = """
            query RunDownloadUrl($name: String!, $entity: String, $run: String!, $fileName: String!) {
              model(name: $name, entityName: $entity) { bucket(name: $run) { files(names: [$fileName]) { edges { node { name url md5 updatedAt } } } } }
            }
            """,
        ["7.4 deleteFiles"] = "mutation DeleteFiles($files: [ID!]!, $projectId: Int) { deleteFiles(input: {files: $files, projectId: $projectId}) { success } }",
        ["8.7 UseArtifact (Py16)"] = """
            mutation UseArtifact($entityName: String!, $projectName: String!, $runName: String!, $artifactID: ID!, $usedAs: String) {
              useArtifact(input: {entityName: $entityName, projectName: $projectName, runName: $runName, artifactID: $artifactID, usedAs: $usedAs}) {
                artifact { id digest description state createdAt metadata }
              }
            }
            """,
        ["8.7 createArtifactType"] = """
            mutation CreateArtifactType($entityName: String!, $projectName: String!, $name: String!, $description: String) {
              createArtifactType(input: {entityName: $entityName, projectName: $projectName, name: $name, description: $description}) { artifactType { id } }
            }
            """,
        ["8.7 linkArtifact"] = """
            mutation LinkArtifact($artifactPortfolioName: String!, $entityName: String!, $projectName: String!, $aliases: [ArtifactAliasInput!], $artifactID: ID, $clientID: ID) {
              linkArtifact(input: {artifactPortfolioName: $artifactPortfolioName, entityName: $entityName, projectName: $projectName, aliases: $aliases, artifactID: $artifactID, clientID: $clientID}) { versionIndex }
            }
            """,
        ["8.8 FetchArtifactManifest (New)"] = """
            query FetchArtifactManifest($id: ID!) { artifact(id: $id) { currentManifest { ...DeferredManifestFragment } } }
            fragment DeferredManifestFragment on ArtifactManifest { file { directUrl } }
            """,
        ["8.8 ArtifactManifest (New)"] = "query ArtifactManifest($artifact_id: ID!) { artifact(id: $artifact_id) { currentManifest { file { directUrl } } } }",
        ["8.8 ArtifactMembershipFiles (New)"] = """
            query ArtifactMembershipFiles($entity: String!, $project: String!, $collection: String!, $alias: String!, $fileNames: [String], $cursor: String, $perPage: Int) {
              project(name: $project, entityName: $entity) {
                artifactCollection(name: $collection) {
                  __typename
                  artifactMembership(aliasName: $alias) {
                    files(names: $fileNames, after: $cursor, first: $perPage) {
                      totalCount @include(if: true)
                      pageInfo { endCursor hasNextPage }
                      edges { node { __typename id name: displayName url sizeBytes storagePath mimetype updatedAt digest md5 directUrl } }
                    }
                  }
                }
              }
            }
            """,
        ["9.3 RunEvents"] = """
            query RunEvents($project: String!, $entity: String!, $name: String!, $samples: Int) {
              project(name: $project, entityName: $entity) { run(name: $name) { events(samples: $samples) } }
            }
            """,
        ["9.4 RunState"] = "query RunState($project: String!, $entity: String!, $name: String!) { project(name: $project, entityName: $entity) { run(name: $name) { state } } }",
        ["9.4 DeleteRun"] = "mutation DeleteRun($id: ID!, $deleteArtifacts: Boolean) { deleteRun(input: {id: $id, deleteArtifacts: $deleteArtifacts}) { clientMutationId } }",
        ["9.4 UpdateRunState"] = "mutation UpdateRunState($input: UpdateRunStateInput!) { updateRunState(input: $input) { success } }",
        ["9.4 run artifacts"] = """
            query RunArtifacts($project: String!, $entity: String!, $name: String!, $cursor: String, $perPage: Int) {
              project(name: $project, entityName: $entity) {
                run(name: $name) {
                  outputArtifacts(after: $cursor, first: $perPage) { totalCount pageInfo { endCursor hasNextPage } edges { node { id digest } } }
                  inputArtifacts(after: $cursor, first: $perPage) { totalCount pageInfo { endCursor hasNextPage } edges { node { id digest } } }
                }
              }
            }
            """,
        ["9.4 Projects (Py16)"] = """
            query Projects($entity: String, $cursor: String, $perPage: Int = 50) {
              models(entityName: $entity, after: $cursor, first: $perPage) { edges { node { ...ProjectFragment } cursor } pageInfo { endCursor hasNextPage } }
            }
            fragment ProjectFragment on Project { id name entityName createdAt isBenchmark }
            """,
        ["9.4 GetProjects (New)"] = """
            query GetProjects($entity: String, $cursor: String, $perPage: Int = 50) {
              models(entityName: $entity, after: $cursor, first: $perPage) { pageInfo { ...PageInfoFragment } edges { node { ...ProjectFragment } } }
            }
            fragment PageInfoFragment on PageInfo { __typename endCursor hasNextPage }
            fragment ProjectFragment on Project { __typename id name entityName createdAt isBenchmark user { id name username email } }
            """,
        ["9.4 GetProject (New)"] = "query GetProject($name: String!, $entity: String!) { project(name: $name, entityName: $entity) { __typename id name entityName createdAt isBenchmark } }",
        ["9.4 CreateProject (New)"] = """
            mutation CreateProject($input: UpsertModelInput!) {
              result: upsertModel(input: $input) { project { ...CreatedProjectFragment } model { ...CreatedProjectFragment } inserted }
            }
            fragment CreatedProjectFragment on Project { id name entityName description access views }
            """,
        ["9.4 UpsertModel (Py16)"] = """
            mutation UpsertModel($name: String!, $id: String, $entity: String!, $description: String, $repo: String) {
              upsertModel(input: {id: $id, name: $name, entityName: $entity, description: $description, repo: $repo}) { model { name description } }
            }
            """,
        ["9.4 EntityProjects (Py16)"] = "query EntityProjects($entity: String) { models(first: 10, entityName: $entity) { edges { node { id name description } } } }",
        ["9.4 ProjectDetails (Py16)"] = "query ProjectDetails($entity: String, $project: String) { model(name: $project, entityName: $entity) { id name repo dockerImage description } }",
        ["9.4 logLines (New)"] = """
            query RunLogLines($project: String!, $entity: String!, $name: String!, $last: Int, $cursor: String, $first: Int) {
              project(name: $project, entityName: $entity) {
                run(name: $name) {
                  logLineCount
                  tail: logLines(last: $last) { edges { node { number timestamp level label line } } }
                  page: logLines(after: $cursor, first: $first) { edges { node { number timestamp level label line } cursor } pageInfo { endCursor hasNextPage } }
                }
              }
            }
            """,
        ["9.4 runInfo (New)"] = """
            query RunMetadata($project: String!, $entity: String!, $name: String!) {
              project(name: $project, entityName: $entity) {
                run(name: $name) { runInfo { program args os python colab executable codeSaved cpuCount gpuCount gpu git { remote commit } } }
              }
            }
            """,
        ["9.5 SearchUsers"] = """
            query SearchUsers($query: String) {
              users(query: $query) { edges { node { id flags entity admin email deletedAt username
                apiKeys { edges { node { id name description } } } teams { edges { node { name } } } } } }
            }
            """,
        ["9.5 CreateUserFromAdmin"] = "mutation CreateUserFromAdmin($email: String!, $admin: Boolean) { createUser(input: {email: $email, admin: $admin}) { user { id name username email admin } } }",
        ["9.5 GenerateApiKey"] = "mutation GenerateApiKey($description: String) { generateApiKey(input: {description: $description}) { apiKey { id name } } }",
        ["9.5 DeleteApiKey"] = "mutation DeleteApiKey($id: String!) { deleteApiKey(input: {id: $id}) { success } }",
        ["9.5 CreateTeam"] = """
            mutation CreateTeam($teamName: String!, $teamAdminUserName: String) {
              createTeam(input: {teamName: $teamName, teamAdminUserName: $teamAdminUserName}) { entity { id name available photoUrl limits } }
            }
            """,
        ["9.5 Entity"] = """
            query Entity($name: String!) {
              entity(name: $name) { id name available photoUrl readOnly readOnlyAdmin isTeam privateOnly storageBytes codeSavingEnabled
                defaultAccess isPaid members { id admin pending email username name photoUrl accountType apiKey } }
            }
            """,
        ["9.5 CreateInvite"] = """
            mutation CreateInvite($entityName: String!, $email: String, $username: String, $admin: Boolean) {
              createInvite(input: {entityName: $entityName, email: $email, username: $username, admin: $admin}) { invite { id name email createdAt toUser { name } } }
            }
            """,
        ["9.5 DeleteInvite"] = "mutation DeleteInvite($id: String, $entityName: String) { deleteInvite(input: {id: $id, entityName: $entityName}) { success } }",
        ["9.5 CreateServiceAccount"] = """
            mutation CreateServiceAccount($entityName: String!, $description: String!) {
              createServiceAccount(input: {description: $description, entityName: $entityName}) { user { id } }
            }
            """,
        ["9.5 upsertModel (Py16 create_project)"] = """
            mutation upsertModel($description: String, $entityName: String, $id: String, $name: String, $framework: String, $access: String, $views: JSONString) {
              upsertModel(input: {description: $description, entityName: $entityName, id: $id, name: $name, framework: $framework, access: $access, views: $views}) {
                project { id name entityName description access views } model { id name entityName description access views }
              }
            }
            """,
        ["10 SweepWithRuns (Py16)"] = """
            query SweepWithRuns($entity: String, $project: String, $sweep: String!, $specs: [JSONString!]!) {
              project(name: $project, entityName: $entity) {
                sweep(sweepName: $sweep) { id name method state description config createdAt heartbeatAt updatedAt earlyStopJobRunning
                  bestLoss controller scheduler
                  runs { edges { node { name state config exitcode heartbeatAt shouldStop failed stopped running summaryMetrics sampledHistory(specs: $specs) } } } }
              }
            }
            """,
        ["10 GetSweep (New)"] = """
            query GetSweep($entity: String, $project: String, $name: String!) {
              project(name: $project, entityName: $entity) {
                sweep(sweepName: $name) { __typename id name displayName method state description bestLoss config createdAt updatedAt runCount runCountExpected }
              }
            }
            """,
        ["10 UpsertSweep (New)"] = """
            mutation UpsertSweep($id: ID, $config: String, $description: String, $entityName: String, $projectName: String, $controller: JSONString, $scheduler: JSONString, $state: String, $priorRunsFilters: JSONString, $displayName: String, $templateVariableValues: JSONString) {
              upsertSweep(input: {id: $id, config: $config, description: $description, entityName: $entityName, projectName: $projectName, controller: $controller, scheduler: $scheduler, state: $state, priorRunsFilters: $priorRunsFilters, displayName: $displayName, templateVariableValues: $templateVariableValues}) {
                sweep { name project { id name entity { id name } } } configValidationWarnings
              }
            }
            """,
        ["4.2 organization feature flags (New)"] = "query OrgFeatures($name: String!) { organization(name: $name) { featureFlags(rampIDType: OrgName) { rampKey isEnabled } } }",
        ["4.3 ProbeServerUseArtifactInput"] = "query ProbeServerUseArtifactInput { UseArtifactInputInfoType: __type(name: \"UseArtifactInput\") { inputFields { name } } }",
        ["4.3 ProbeServerAddAliasesInput"] = "query ProbeServerAddAliasesInput { AddAliasesInputInfoType: __type(name: \"AddAliasesInput\") { inputFields { name } } }",
        ["3.5 typename checks (New)"] = """
            query Typenames { viewer { __typename } project(name: "p") { __typename run(name: "r") { __typename files { edges { node { __typename } } pageInfo { __typename } } } } }
            """,
    };

    /// <summary>Every document of <c>tests/fixtures/graphql</c>, keyed by its file name.</summary>
    public static IReadOnlyDictionary<string, string> FromReference()
    {
        var folder = Path.Combine(RepoPaths.Fixtures, "graphql");
        var texts = Directory.GetFiles(folder, "*.graphql").Order(StringComparer.Ordinal)
            .Select(path => (Label: Path.GetFileNameWithoutExtension(path), Text: File.ReadAllText(path).Trim()))
            .ToList();
        if (texts.Count == 0)
        {
            throw new InvalidOperationException($"No GraphQL documents in {folder}.");
        }

        // Some documents use RunFragment as written once in the Runs document ("with the same RunFragment appended").
        var runFragment = texts.Select(t => t.Text.IndexOf("fragment RunFragment on Run", StringComparison.Ordinal) is >= 0 and var at ? t.Text[at..] : null)
            .First(fragment => fragment is not null);
        var blocks = new Dictionary<string, string>();
        foreach (var (label, quoted) in texts)
        {
            blocks[label] = quoted.Contains("...RunFragment", StringComparison.Ordinal) && !quoted.Contains("fragment RunFragment", StringComparison.Ordinal)
                ? quoted + "\n\n" + runFragment
                : quoted;
        }

        return blocks;
    }
}
