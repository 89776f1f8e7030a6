using System.Text.Json.Nodes;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.GraphQL;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Every GraphQL mutation × every kind of caller (anonymous, another user, team viewer, member and admin, an instance
/// admin who is not a member, the owner of a personal entity) against a <em>private</em> project: the caller's level
/// in the target (the one rule, docs/architecture.md "Authorization") decides, and a refused mutation answers an error
/// without doing anything. A mutation added to the schema without a row in <see cref="Rules"/> fails
/// <see cref="Every_mutation_in_the_schema_has_a_rule_in_the_matrix"/>.
/// </summary>
public sealed class MutationAuthorizationMatrixTests(MutationAuthorizationMatrixTests.App app) : IClassFixture<MutationAuthorizationMatrixTests.App>
{
    private const string Team = "mutlab";
    private const string OwnerName = "mmowner";
    private const string Project = "vault";

    public static readonly string[] Callers = ["anonymous", "outsider", "viewer", "member", "teamadmin", "serveradmin", "owner"];

    /// <summary>Where a mutation acts, which decides the caller's level.</summary>
    private enum Scope
    {
        /// <summary>A private project: the team's, or for the owner their personal one.</summary>
        Project,

        /// <summary>The team itself (members, invites, service accounts).</summary>
        Team,

        /// <summary>The instance (creating users): instance admins only.</summary>
        Instance,

        /// <summary>The caller's own account (API keys, a team of their own): every signed-in user.</summary>
        Self,

        /// <summary>Not implemented by this server: refused for everyone, with a message.</summary>
        Unsupported,

        /// <summary>
        /// Anonymous sign-up, the one mutation sent without a key: off on this server (the default), so refused with 403
        /// for every caller, keyless ones included (docs/protocol/auth.md#anonymous-accounts).
        /// </summary>
        Signup,
    }

    private enum Need
    {
        Read = 1,
        Write = 2,
        Administer = 3,
    }

    /// <summary>
    /// The matrix's rows: each mutation, where it acts and the level it needs. <c>Lenient</c> marks mutations whose
    /// allowed call here still fails validation (no real multipart upload, no manifest to commit): allowed means "not
    /// refused" for them.
    /// </summary>
    private static readonly Dictionary<string, (Scope Scope, Need Need, bool Lenient)> Rules = new()
    {
        ["upsertBucket"] = (Scope.Project, Need.Write, false),
        ["createRunFiles"] = (Scope.Project, Need.Write, false),
        ["markRunFilesUploaded"] = (Scope.Project, Need.Write, false),
        ["deleteFiles"] = (Scope.Project, Need.Write, false),
        ["stopRun"] = (Scope.Project, Need.Write, false),
        ["rewindRun"] = (Scope.Project, Need.Write, false),
        ["createCustomChart"] = (Scope.Team, Need.Write, false),
        ["updateRunState"] = (Scope.Project, Need.Write, false),
        ["deleteRun"] = (Scope.Project, Need.Write, false),
        ["notifyScriptableRunAlert"] = (Scope.Project, Need.Write, false),
        ["upsertModel"] = (Scope.Project, Need.Administer, false),
        ["deleteProject"] = (Scope.Project, Need.Administer, false),
        ["createArtifact"] = (Scope.Project, Need.Write, false),
        ["createArtifactType"] = (Scope.Project, Need.Write, false),
        ["createArtifactManifest"] = (Scope.Project, Need.Write, false),
        ["updateArtifactManifest"] = (Scope.Project, Need.Write, false),
        ["createArtifactFiles"] = (Scope.Project, Need.Write, false),
        ["completeMultipartUploadArtifact"] = (Scope.Project, Need.Write, true),
        ["commitArtifact"] = (Scope.Project, Need.Write, true),
        ["useArtifact"] = (Scope.Project, Need.Read, false),
        // Read on the version and Write in the portfolio's project; here both are the private project.
        ["linkArtifact"] = (Scope.Project, Need.Write, false),
        ["unlinkArtifact"] = (Scope.Project, Need.Write, false),
        ["updateArtifactPortfolio"] = (Scope.Project, Need.Write, false),
        ["deleteArtifactPortfolio"] = (Scope.Project, Need.Write, false),
        ["updateArtifact"] = (Scope.Project, Need.Write, false),
        ["addAliases"] = (Scope.Project, Need.Write, false),
        ["deleteAliases"] = (Scope.Project, Need.Write, false),
        ["deleteArtifact"] = (Scope.Project, Need.Write, false),
        ["deleteArtifactSequence"] = (Scope.Project, Need.Write, false),
        ["updateArtifactSequence"] = (Scope.Project, Need.Write, false),
        ["moveArtifactSequence"] = (Scope.Project, Need.Write, false),
        ["createArtifactCollectionTagAssignments"] = (Scope.Project, Need.Write, false),
        ["deleteArtifactCollectionTagAssignments"] = (Scope.Project, Need.Write, false),
        ["upsertSweep"] = (Scope.Project, Need.Write, false),
        ["createAgent"] = (Scope.Project, Need.Write, false),
        ["agentHeartbeat"] = (Scope.Project, Need.Write, false),
        ["enqueueSweepRun"] = (Scope.Project, Need.Write, false),
        ["upsertView"] = (Scope.Project, Need.Write, false),

        // Another user's view (here the project owner's): its owner or a project administrator.
        ["deleteView"] = (Scope.Project, Need.Administer, false),
        ["createUser"] = (Scope.Instance, Need.Administer, false),
        ["deactivateUser"] = (Scope.Instance, Need.Administer, false),
        ["reactivateUser"] = (Scope.Instance, Need.Administer, false),
        ["generateApiKey"] = (Scope.Self, Need.Write, false),
        ["createAnonymousEntity"] = (Scope.Signup, Need.Write, false),
        ["deleteApiKey"] = (Scope.Self, Need.Write, false),
        ["createTeam"] = (Scope.Self, Need.Write, false),
        ["createInvite"] = (Scope.Team, Need.Administer, false),
        ["deleteInvite"] = (Scope.Team, Need.Administer, false),
        ["createServiceAccount"] = (Scope.Team, Need.Administer, false),
        ["updateTeamMember"] = (Scope.Team, Need.Administer, false),
    };

    public sealed class App : IAsyncLifetime
    {
        public WandbAppFactory Factory { get; } = new();
        public Dictionary<string, string?> Keys { get; } = [];
        public long ViewerId { get; private set; }

        public async Task InitializeAsync()
        {
            var (admin, adminKey) = await TestUsers.CreateAsync(Factory, "mmteamadmin");
            var (member, memberKey) = await TestUsers.CreateAsync(Factory, "mmmember");
            var (viewer, viewerKey) = await TestUsers.CreateAsync(Factory, "mmviewer");
            var (_, outsiderKey) = await TestUsers.CreateAsync(Factory, "mmoutsider");
            var (_, ownerKey) = await TestUsers.CreateAsync(Factory, OwnerName);
            await TestUsers.CreateTeamAsync(Factory, Team, admin.Id, (member.Id, MemberRoles.Member), (viewer.Id, MemberRoles.Viewer));
            ViewerId = viewer.Id;
            Keys["anonymous"] = null;
            Keys["outsider"] = outsiderKey;
            Keys["viewer"] = viewerKey;
            Keys["member"] = memberKey;
            Keys["teamadmin"] = adminKey;
            Keys["serveradmin"] = Factory.AdminApiKey;
            Keys["owner"] = ownerKey;
            foreach (var (entity, key) in new[] { (Team, adminKey), (OwnerName, ownerKey) })
            {
                await MakePrivateProjectAsync(Factory.CreateWandbClient(key), entity, Project);
            }
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var mutation in Rules.Keys)
        {
            foreach (var caller in Callers)
            {
                data.Add(mutation, caller);
            }
        }

        return data;
    }

    [Fact]
    public void Every_mutation_in_the_schema_has_a_rule_in_the_matrix()
    {
        var schema = GraphQLTestSchema.Schema;
        schema.Initialize();
        var mutations = schema.Mutation!.Fields.Select(field => field.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mutations, Rules.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_mutation_is_allowed_exactly_at_the_level_it_needs(string mutation, string caller)
    {
        var (scope, need, lenient) = Rules[mutation];
        var target = new Target(caller == "owner" ? OwnerName : Team, caller, mutation);
        var (query, variables) = await PrepareAsync(mutation, target);
        var (status, body) = await app.Factory.CreateWandbClient(app.Keys[caller]).GraphQLAsync(query, variables);
        var text = body?.ToJsonString() ?? "";
        if (scope == Scope.Signup)
        {
            Assert.True(status == 403 && body?["errors"] is not null, $"{mutation} by {caller}: {status} {text}");
            return;
        }

        if (caller == "anonymous")
        {
            Assert.True(status == 401, $"{status}: {text}");
            return;
        }

        var allowed = scope switch
        {
            Scope.Unsupported => false,
            Scope.Self => true,
            Scope.Instance => caller == "serveradmin",
            Scope.Team => (int)(TeamLevel(caller) ?? 0) >= (int)need,
            _ => (int)(ProjectLevel(caller) ?? 0) >= (int)need,
        };
        var errors = body?["errors"];
        if (allowed && !lenient)
        {
            Assert.True(status == 200 && errors is null, $"{mutation} by {caller}: {status} {text}");
        }
        else if (allowed)
        {
            Assert.False(IsRefusal(status, text), $"{mutation} by {caller}: {status} {text}");
        }
        else
        {
            Assert.True(errors is not null, $"{mutation} by {caller} was not refused: {status} {text}");

            // A refusal, not a malformed request: document validation errors carry the spec's rule number.
            Assert.True(errors![0]!["extensions"]?["number"] is null, $"{mutation}: the matrix's request is invalid: {text}");
            Assert.True(status is 200 or 400 or 403 or 404, $"{mutation} by {caller}: {status} {text}");
        }
    }

    /// <summary>The caller's level in the private project they are pointed at (the owner: their own).</summary>
    private static Need? ProjectLevel(string caller) => caller switch
    {
        "owner" or "teamadmin" => Need.Administer,
        "member" => Need.Write,
        "viewer" => Need.Read,
        _ => null, // outsiders, and instance admins who are not members of the private project's entity
    };

    /// <summary>The caller's level in the team itself: instance admins administer every entity.</summary>
    private static Need? TeamLevel(string caller) => caller switch
    {
        "teamadmin" or "serveradmin" => Need.Administer,
        "member" => Need.Write,
        "viewer" => Need.Read,
        _ => null,
    };

    private static bool IsRefusal(int status, string text) =>
        status is 401 or 403
        || text.Contains("Permission denied", StringComparison.Ordinal)
        || text.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Only ", StringComparison.Ordinal);

    /// <summary>Names for one cell: its own run, artifact collection and (for deleteProject) project, so cells never share state.</summary>
    private sealed record Target(string Entity, string Caller, string Mutation)
    {
        public string Run => $"r{Math.Abs(HashCode.Combine(Caller, Mutation)) % 100_000_000:D8}";

        public string Collection => $"c-{Caller}-{Mutation}".ToLowerInvariant();
    }

    private WandbClient OwnerOf(Target target) =>
        app.Factory.CreateWandbClient(app.Keys[target.Entity == OwnerName ? "owner" : "teamadmin"]);

    /// <summary>Creates what the mutation acts on (as the entity's admin) and returns the request the caller sends.</summary>
    private async Task<(string Query, object Variables)> PrepareAsync(string mutation, Target target)
    {
        var (entity, project) = (target.Entity, Project);
        switch (mutation)
        {
            case "upsertBucket":
                return ("mutation($e: String, $p: String, $r: String) { upsertBucket(input: {entityName: $e, modelName: $p, name: $r}) { bucket { id } } }",
                    new { e = entity, p = project, r = target.Run });
            case "createRunFiles":
                return ("mutation($e: String!, $p: String!, $r: String!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: [\"a.txt\"]}) { runID } }",
                    new { e = entity, p = project, r = target.Run });
            case "markRunFilesUploaded":
                return ("mutation($e: String, $p: String, $r: String) { markRunFilesUploaded(input: {entityName: $e, projectName: $p, runName: $r, files: [\"a.txt\"]}) { success } }",
                    new { e = entity, p = project, r = target.Run });
            case "notifyScriptableRunAlert":
                return ("mutation($e: String, $p: String, $r: String) { notifyScriptableRunAlert(input: {entityName: $e, projectName: $p, runName: $r, title: \"t\", text: \"x\"}) { success } }",
                    new { e = entity, p = project, r = target.Run });
            case "stopRun":
                return ("mutation($id: ID) { stopRun(input: {id: $id}) { success } }", new { id = await RunIdAsync(target) });
            case "rewindRun":
                await RunIdAsync(target);
                return ("mutation($e: String, $p: String, $r: String!) { rewindRun(input: {entityName: $e, projectName: $p, runName: $r, metricName: \"_step\", metricValue: 0}) { rewoundRun { historyLineCount } } }",
                    new { e = entity, p = project, r = target.Run });
            case "createCustomChart":
                // Always the team: the owner's personal entity is theirs to write, and the matrix's owner is an outsider of the team.
                return ("mutation($e: String!, $n: String!) { createCustomChart(input: {entity: $e, name: $n, displayName: \"d\", type: \"vega2\", access: \"PRIVATE\", spec: \"{}\"}) { chart { id } } }",
                    new { e = Team, n = $"chart-{target.Caller}" });
            case "updateRunState":
                return ("mutation($id: ID) { updateRunState(input: {id: $id, state: \"failed\"}) { success } }", new { id = await RunIdAsync(target) });
            case "deleteRun":
                return ("mutation($id: ID) { deleteRun(input: {id: $id}) { clientMutationId } }", new { id = await RunIdAsync(target) });
            case "upsertModel":
                return ("mutation($e: String, $p: String) { upsertModel(input: {entityName: $e, name: $p, access: \"PRIVATE\"}) { project { access } } }",
                    new { e = entity, p = project });
            case "deleteProject":
                {
                    var doomed = $"del-{target.Caller}";
                    await MakePrivateProjectAsync(OwnerOf(target), entity, doomed);
                    return ("mutation($e: String!, $p: String!) { deleteProject(input: {entityName: $e, name: $p}) { success } }", new { e = entity, p = doomed });
                }

            case "createArtifact":
                return ("mutation($i: CreateArtifactInput!) { createArtifact(input: $i) { artifact { id } } }",
                    new { i = new { entityName = entity, projectName = project, artifactTypeName = "dataset", artifactCollectionName = target.Collection, digest = "d-" + target.Collection } });
            case "createArtifactType":
                return ("mutation($e: String, $p: String) { createArtifactType(input: {entityName: $e, projectName: $p, name: \"model\"}) { artifactType { id } } }",
                    new { e = entity, p = project });
            case "createArtifactManifest":
                return ("mutation($a: ID!, $e: String!, $p: String!) { createArtifactManifest(input: {name: \"wandb_manifest.json\", digest: \"\", artifactID: $a, entityName: $e, projectName: $p, runName: \"\", type: FULL}) { artifactManifest { id } } }",
                    new { a = await PendingArtifactAsync(target), e = entity, p = project });
            case "updateArtifactManifest":
                {
                    var artifacts = new ArtifactClient(OwnerOf(target), entity, project);
                    var manifest = await artifacts.CreateManifestAsync(await PendingArtifactAsync(target), "", includeUpload: false);
                    return ("mutation($m: ID!) { updateArtifactManifest(input: {artifactManifestID: $m, digest: \"abc\"}) { artifactManifest { id } } }",
                        new { m = manifest["id"]!.GetValue<string>() });
                }

            case "createArtifactFiles":
                {
                    var file = ArtifactFileSource.FromText("f.txt", target.Collection);
                    return ("mutation($f: [CreateArtifactFileSpecInput!]!) { createArtifactFiles(input: {artifactFiles: $f, storageLayout: V2}) { files { edges { node { name } } } } }",
                        new { f = new[] { new { artifactID = await PendingArtifactAsync(target), name = file.Name, md5 = file.Md5Base64 } } });
                }

            case "completeMultipartUploadArtifact":
                return ("mutation($a: ID!) { completeMultipartUploadArtifact(input: {completeMultipartAction: Complete, completedParts: [], artifactID: $a, storagePath: \"x\", uploadID: \"y\"}) { digest } }",
                    new { a = await PendingArtifactAsync(target) });
            case "commitArtifact":
                return ("mutation($a: ID!) { commitArtifact(input: {artifactID: $a}) { artifact { id } } }", new { a = await PendingArtifactAsync(target) });
            case "useArtifact":
                return ("mutation($a: ID!) { useArtifact(input: {artifactID: $a}) { artifact { id } } }", new { a = await CommittedArtifactAsync(target) });
            case "addAliases":
            case "deleteAliases":
                return ($"mutation($a: ID!, $c: String) {{ {mutation}(input: {{artifactID: $a, aliases: [{{alias: \"best\", artifactCollectionName: $c, entityName: \"{entity}\", projectName: \"{project}\"}}]}}) {{ success }} }}",
                    new { a = await CommittedArtifactAsync(target), c = target.Collection });
            case "deleteArtifact":
                return ("mutation($a: ID!) { deleteArtifact(input: {artifactID: $a, deleteAliases: true}) { artifact { id } } }", new { a = await CommittedArtifactAsync(target) });
            case "deleteArtifactSequence":
                {
                    var artifacts = new ArtifactClient(OwnerOf(target), entity, project);
                    var created = await artifacts.CreateArtifactAsync(target.Collection, "dataset", "d-" + target.Collection, null, ["latest"]);
                    return ("mutation($s: ID!) { deleteArtifactSequence(input: {artifactSequenceID: $s}) { artifactCollection { id } } }",
                        new { s = created["artifactSequence"]!["id"]!.GetValue<string>() });
                }

            case "updateArtifactSequence" or "moveArtifactSequence":
                {
                    var artifacts = new ArtifactClient(OwnerOf(target), entity, project);
                    var created = await artifacts.CreateArtifactAsync(target.Collection, "dataset", "d-" + target.Collection, null, ["latest"]);
                    var sequence = created["artifactSequence"]!["id"]!.GetValue<string>();
                    return mutation == "updateArtifactSequence"
                        ? ("mutation($s: ID!) { updateArtifactSequence(input: {artifactSequenceID: $s, description: \"d\"}) { artifactCollection { id } } }", new { s = sequence })
                        : ("mutation($s: ID!) { moveArtifactSequence(input: {artifactSequenceID: $s, destinationArtifactTypeName: \"model\"}) { artifactCollection { id } } }", new { s = sequence });
                }

            case "createArtifactCollectionTagAssignments" or "deleteArtifactCollectionTagAssignments":
                {
                    var artifacts = new ArtifactClient(OwnerOf(target), entity, project);
                    await artifacts.CreateArtifactAsync(target.Collection, "dataset", "d-" + target.Collection, null, ["latest"]);
                    var field = mutation == "createArtifactCollectionTagAssignments" ? "tags { name }" : "success";
                    return ($"mutation($e: String!, $p: String!, $c: String!) {{ {mutation}(input: {{entityName: $e, projectName: $p, artifactCollectionName: $c, tags: [{{tagName: \"gold\"}}]}}) {{ {field} }} }}",
                        new { e = entity, p = project, c = target.Collection });
                }

            case "linkArtifact":
                return ("mutation($a: ID, $e: String, $p: String) { linkArtifact(input: {artifactID: $a, entityName: $e, projectName: $p, artifactPortfolioName: \"reg\"}) { versionIndex } }",
                    new { a = await CommittedArtifactAsync(target), e = entity, p = project });
            case "unlinkArtifact":
                {
                    var (artifact, portfolio) = await LinkedArtifactAsync(target);
                    return ("mutation($a: ID!, $f: ID!) { unlinkArtifact(input: {artifactID: $a, artifactPortfolioID: $f}) { success } }", new { a = artifact, f = portfolio });
                }

            case "updateArtifactPortfolio":
                return ("mutation($f: ID!) { updateArtifactPortfolio(input: {artifactPortfolioID: $f, description: \"d\"}) { artifactCollection { id } } }",
                    new { f = (await LinkedArtifactAsync(target)).Portfolio });
            case "deleteArtifactPortfolio":
                return ("mutation($f: ID!) { deleteArtifactPortfolio(input: {artifactPortfolioID: $f}) { artifactCollection { id } } }",
                    new { f = (await LinkedArtifactAsync(target)).Portfolio });
            case "updateArtifact":
                return ("mutation($a: ID) { updateArtifact(input: {artifactID: $a, description: \"x\"}) { artifact { id } } }", new { a = await CommittedArtifactAsync(target) });
            case "deleteFiles":
                return ("mutation($f: [ID!]!) { deleteFiles(input: {files: $f}) { success } }", new { f = new[] { await RunFileIdAsync(target) } });
            case "upsertSweep":
                return ("mutation($e: String, $p: String, $c: String) { upsertSweep(input: {entityName: $e, projectName: $p, config: $c}) { sweep { id } } }",
                    new { e = entity, p = project, c = SweepConfig });
            case "createAgent":
                return ("mutation($e: String, $p: String, $s: String) { createAgent(input: {entityName: $e, projectName: $p, sweep: $s, host: \"h\"}) { agent { id } } }",
                    new { e = entity, p = project, s = (await SweepAsync(target)).Name });
            case "agentHeartbeat":
                return ("mutation($id: ID) { agentHeartbeat(input: {id: $id, runState: \"{}\"}) { agent { id } commands } }", new { id = await AgentIdAsync(target) });
            case "enqueueSweepRun":
                return ("mutation($id: ID) { enqueueSweepRun(input: {id: $id, config: \"{\\\"x\\\": 1}\"}) { id } }", new { id = (await SweepAsync(target)).Id });
            case "upsertView":
                return ("mutation($e: String, $p: String) { upsertView(input: {entityName: $e, projectName: $p, type: \"project-view\", name: \"mine\", spec: \"{}\"}) { view { id } inserted } }",
                    new { e = entity, p = project });
            case "deleteView":
                {
                    var data = await OwnerOf(target).QueryAsync(
                        "mutation($e: String, $p: String, $n: String) { upsertView(input: {entityName: $e, projectName: $p, type: \"project-view\", name: $n, spec: \"{}\"}) { view { id } } }",
                        new { e = target.Entity, p = Project, n = $"{target.Caller}-{mutation}" });
                    return ("mutation($id: ID) { deleteView(input: {id: $id}) { success } }", new { id = data["upsertView"]!["view"]!["id"]!.GetValue<string>() });
                }

            case "createUser":
                return ("mutation($m: String) { createUser(input: {email: $m}) { user { id } } }", new { m = $"new-{target.Caller}-{target.Mutation}@example.test" });
            case "deactivateUser":
            case "reactivateUser":
                {
                    // A user of the cell's own, so no cell switches off an account another cell uses.
                    var (user, _) = await TestUsers.CreateAsync(app.Factory, $"d{Math.Abs(HashCode.Combine(target.Caller, mutation)) % 100_000_000:D8}");
                    var id = Orleans.Wandb.Web.GraphQL.Execution.RelayIds.User(user.Id);
                    if (mutation == "reactivateUser")
                    {
                        await app.Factory.CreateAdminClient().QueryAsync("mutation($id: ID!) { deactivateUser(input: {id: $id}) { user { id } } }", new { id });
                    }

                    return ($"mutation($id: ID!) {{ {mutation}(input: {{id: $id}}) {{ user {{ id }} }} }}", new { id });
                }

            case "createAnonymousEntity":
                return ("mutation CreateAnonymousApiKey { createAnonymousEntity(input: {}) { apiKey { name } } }", new { });
            case "generateApiKey":
                return ("mutation { generateApiKey(input: {description: \"matrix\"}) { apiKey { id } } }", new { });
            case "deleteApiKey":
                {
                    var created = await app.Factory.CreateWandbClient(app.Keys[target.Caller]).GraphQLAsync(
                        "mutation { generateApiKey(input: {description: \"to delete\"}) { apiKey { id } } }");
                    var id = created.Body?["data"]?["generateApiKey"]?["apiKey"]?["id"]?.GetValue<string>() ?? Orleans.Wandb.Web.GraphQL.Execution.RelayIds.ApiKey(1);
                    return ("mutation($id: String) { deleteApiKey(input: {id: $id}) { success } }", new { id });
                }

            case "createTeam":
                return ("mutation($t: String) { createTeam(input: {teamName: $t}) { entity { name } } }", new { t = $"t-{target.Caller}" });
            case "createInvite":
                return ("mutation($e: String, $m: String) { createInvite(input: {entityName: $e, email: $m}) { invite { id } } }",
                    new { e = Team, m = $"inv-{target.Caller}@example.test" });
            case "deleteInvite":
                {
                    var invite = await app.Factory.CreateWandbClient(app.Keys["teamadmin"]).QueryAsync(
                        "mutation($e: String, $m: String) { createInvite(input: {entityName: $e, email: $m}) { invite { id } } }",
                        new { e = Team, m = $"del-{target.Caller}@example.test" });
                    return ("mutation($id: String, $e: String) { deleteInvite(input: {id: $id, entityName: $e}) { success } }",
                        new { id = invite["createInvite"]!["invite"]!["id"]!.GetValue<string>(), e = Team });
                }

            case "createServiceAccount":
                return ("mutation($e: String) { createServiceAccount(input: {entityName: $e, description: \"bot\"}) { user { id } } }", new { e = Team });
            case "updateTeamMember":
                return ("mutation($e: String!, $m: ID!) { updateTeamMember(input: {entityName: $e, memberId: $m, role: \"viewer\"}) { success } }",
                    new { e = Team, m = Orleans.Wandb.Web.GraphQL.Execution.RelayIds.User(app.ViewerId) });
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation), mutation, "Add the mutation's request to the matrix.");
        }
    }

    private const string SweepConfig = """{"method": "grid", "parameters": {"x": {"values": [1, 2]}}}""";

    /// <summary>A sweep in the target's project, created by its owner.</summary>
    private async Task<(string Id, string Name)> SweepAsync(Target target)
    {
        var data = await OwnerOf(target).QueryAsync(
            "mutation($e: String, $p: String, $c: String) { upsertSweep(input: {entityName: $e, projectName: $p, config: $c}) { sweep { id name } } }",
            new { e = target.Entity, p = Project, c = SweepConfig });
        var sweep = data["upsertSweep"]!["sweep"]!;
        return (sweep["id"]!.GetValue<string>(), sweep["name"]!.GetValue<string>());
    }

    /// <summary>An agent of a new sweep in the target's project, registered by its owner.</summary>
    private async Task<string> AgentIdAsync(Target target)
    {
        var data = await OwnerOf(target).QueryAsync(
            "mutation($e: String, $p: String, $s: String!) { createAgent(input: {entityName: $e, projectName: $p, sweep: $s, host: \"h\"}) { agent { id } } }",
            new { e = target.Entity, p = Project, s = (await SweepAsync(target)).Name });
        return data["createAgent"]!["agent"]!["id"]!.GetValue<string>();
    }

    private async Task<string> RunIdAsync(Target target)
    {
        var owner = OwnerOf(target);
        var (status, body) = await owner.FileStreamAsync(target.Entity, Project, target.Run, """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0}"]}}}""");
        Assert.True(status == 200, body);
        var data = await owner.QueryAsync(
            "query($e: String, $p: String, $r: String) { project(entityName: $e, name: $p) { run(name: $r) { id } } }",
            new { e = target.Entity, p = Project, r = target.Run });
        return data["project"]!["run"]!["id"]!.GetValue<string>();
    }

    /// <summary>The id of a file of the target's run, as the <c>File</c> type answers it (base64 "File:&lt;run token&gt;:&lt;name&gt;").</summary>
    private async Task<string> RunFileIdAsync(Target target)
    {
        var runId = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(await RunIdAsync(target)));
        return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"File:{runId["Run:".Length..]}:notes.txt"));
    }

    private async Task<string> PendingArtifactAsync(Target target)
    {
        var created = await new ArtifactClient(OwnerOf(target), target.Entity, Project)
            .CreateArtifactAsync(target.Collection, "dataset", "d-" + target.Collection, null, ["latest"]);
        return created["id"]!.GetValue<string>();
    }

    private async Task<string> CommittedArtifactAsync(Target target) =>
        (await new ArtifactClient(OwnerOf(target), target.Entity, Project)
            .LogAsync(target.Collection, [ArtifactFileSource.FromText("w.txt", target.Collection)])).Id;

    /// <summary>A committed version linked (by the entity's admin) into the cell's own portfolio in the private project.</summary>
    private async Task<(string Artifact, string Portfolio)> LinkedArtifactAsync(Target target)
    {
        var artifact = await CommittedArtifactAsync(target);
        var owner = OwnerOf(target);
        var portfolio = "p-" + target.Collection;
        await owner.QueryAsync(
            "mutation($a: ID, $e: String, $p: String, $n: String) { linkArtifact(input: {artifactID: $a, entityName: $e, projectName: $p, artifactPortfolioName: $n}) { versionIndex } }",
            new { a = artifact, e = target.Entity, p = Project, n = portfolio });
        var data = await owner.QueryAsync(
            "query($e: String!, $p: String!, $n: String!) { project(entityName: $e, name: $p) { artifactCollection(name: $n) { id } } }",
            new { e = target.Entity, p = Project, n = portfolio });
        return (artifact, data["project"]!["artifactCollection"]!["id"]!.GetValue<string>());
    }

    private static async Task MakePrivateProjectAsync(WandbClient owner, string entity, string project)
    {
        var data = await owner.QueryAsync(
            "mutation($e: String, $p: String) { upsertModel(input: {entityName: $e, name: $p, access: \"PRIVATE\"}) { project { access } } }",
            new { e = entity, p = project });
        Assert.Equal("private", data["upsertModel"]!["project"]!["access"]!.GetValue<string>());
    }
}
