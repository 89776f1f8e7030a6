using System.Text.Json.Nodes;
using GraphQL.Types;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.GraphQL;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Sensitive GraphQL query fields × callers (anonymous, another user, team viewer, team member, team admin, an instance
/// admin who is not a member): who sees keys, e-mail addresses, team memberships, invites, admin-only lists, the audit
/// log, and a private project's runs, files and artifacts. Each row names the field, the query that reaches it and
/// exactly who must see it; everyone else gets null, an empty list or an error (docs/architecture.md "Authorization").
/// <see cref="Every_root_field_and_every_personal_or_secret_field_has_a_row_or_a_review"/> fails when the schema gains
/// a root field, a field on a type that carries people's data, or a field whose name says key, e-mail, URL, token,
/// secret, password, invite, audit or admin, without a row here or a reviewed reason why it is not sensitive.
/// </summary>
public sealed class QueryFieldAuthorizationMatrixTests(QueryFieldAuthorizationMatrixTests.App app) : IClassFixture<QueryFieldAuthorizationMatrixTests.App>
{
    private const string Vault = "qvault";
    private const string Shared = "qshared";
    private const string VaultRun = "qrun0001";
    private const string SharedRun = "qrun0002";
    private const string Collection = "qmodel";

    public static readonly string[] Callers = ["anonymous", "outsider", "viewer", "member", "teamadmin", "instanceadmin"];

    private static readonly string[] Everyone = ["outsider", "viewer", "member", "teamadmin", "instanceadmin"];
    private static readonly string[] PrivateReaders = ["viewer", "member", "teamadmin"];
    private static readonly string[] TeamReaders = ["viewer", "member", "teamadmin", "instanceadmin"];
    private static readonly string[] TeamWriters = ["member", "teamadmin", "instanceadmin"];
    private static readonly string[] TeamManagers = ["teamadmin", "instanceadmin"];
    private static readonly string[] InstanceAdmins = ["instanceadmin"];

    /// <summary>
    /// The shared project's run belongs to the team admin (alice), so "the user's own" fields are seen by the team admin
    /// and, as for every account, by instance admins.
    /// </summary>
    private static readonly string[] SelfAndInstanceAdmins = ["teamadmin", "instanceadmin"];

    private const string SharedRunUser = $$"""project(entityName: "lab", name: "{{Shared}}") { run(name: "{{SharedRun}}") { user """;
    private const string VaultRunFiles = $$"""project(entityName: "lab", name: "{{Vault}}") { run(name: "{{VaultRun}}") { files(names: ["notes.txt"]) { edges { node """;

    /// <summary>A sensitive field, the query that reaches it, how a response shows it, and who must see it.</summary>
    private sealed record Row(string Query, Func<JsonNode, bool> Revealed, string[] SeenBy);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["Query.viewer"] = new("{ viewer { username } }", d => Has(d, "viewer", "username"), Everyone),
        ["Query.auditLog"] = new("{ auditLog(first: 5) { action } }", d => d["auditLog"] is JsonArray, InstanceAdmins),
        ["Query.users"] = new("""{ users(query: "alice") { edges { node { username } } } }""", d => Any(d["users"]?["edges"]), InstanceAdmins),
        ["Query.entity"] = new("""{ entity(name: "lab") { name } }""", d => Has(d, "entity", "name"), TeamReaders),
        ["Query.project"] = new($$"""{ project(entityName: "lab", name: "{{Vault}}") { name } }""", d => Has(d, "project", "name"), PrivateReaders),
        ["Query.model"] = new($$"""{ model(entityName: "lab", name: "{{Vault}}") { name } }""", d => Has(d, "model", "name"), PrivateReaders),
        ["Query.projects"] = new("""{ projects(entityName: "lab") { edges { node { name } } } }""", d => Lists(d["projects"], Vault), PrivateReaders),
        ["Query.models"] = new("""{ models(entityName: "lab") { edges { node { name } } } }""", d => Lists(d["models"], Vault), PrivateReaders),
        ["Query.artifact"] = new("query($artifact: ID) { artifact(id: $artifact) { id } }", d => Has(d, "artifact", "id"), PrivateReaders),
        ["Query.artifactCollection"] = new("query($collection: ID) { artifactCollection(id: $collection) { id } }", d => Has(d, "artifactCollection", "id"), PrivateReaders),
        ["Query.clientIDMapping"] = new($$"""{ clientIDMapping(clientID: "seq-{{Collection}}") { serverID } }""", d => Has(d, "clientIDMapping", "serverID"), PrivateReaders),
        ["Project.runs"] = new($$"""{ project(entityName: "lab", name: "{{Vault}}") { runs { edges { node { name } } } } }""", d => Any(d["project"]?["runs"]?["edges"]), PrivateReaders),
        ["Project.run"] = new($$"""{ project(entityName: "lab", name: "{{Vault}}") { run(name: "{{VaultRun}}") { name } } }""", d => Has(d, "project", "run", "name"), PrivateReaders),
        ["Run.parquetHistory"] = new($$"""{ project(entityName: "lab", name: "{{Vault}}") { run(name: "{{VaultRun}}") { parquetHistory(liveKeys: ["_step"]) { liveData } } } }""", d => Has(d, "project", "run", "parquetHistory"), PrivateReaders),
        ["File.directUrl"] = new($"{{ {VaultRunFiles}{{ directUrl }} }} }} }} }} }}", d => FileField(d, "directUrl"), PrivateReaders),
        ["File.url"] = new($"{{ {VaultRunFiles}{{ url }} }} }} }} }} }}", d => FileField(d, "url"), PrivateReaders),
        ["File.uploadUrl"] = new($$"""{ project(entityName: "lab", name: "{{Shared}}") { run(name: "{{SharedRun}}") { files(names: ["shared.txt"]) { edges { node { uploadUrl } } } } } }""",
            d => FileField(d, "uploadUrl"), TeamWriters),
        ["User.email"] = new($"{{ {SharedRunUser}{{ email }} }} }} }}", d => Has(d, "project", "run", "user", "email"), SelfAndInstanceAdmins),
        ["User.apiKeys"] = new($"{{ {SharedRunUser}{{ apiKeys {{ edges {{ node {{ name }} }} }} }} }} }} }}", d => Any(d["project"]?["run"]?["user"]?["apiKeys"]?["edges"]), SelfAndInstanceAdmins),
        ["User.teams"] = new($"{{ {SharedRunUser}{{ teams {{ edges {{ node {{ name }} }} }} }} }} }} }}", d => Any(d["project"]?["run"]?["user"]?["teams"]?["edges"]), SelfAndInstanceAdmins),
        ["Entity.members"] = new("""{ entity(name: "lab") { members { username } } }""", d => Any(d["entity"]?["members"]), TeamReaders),
        ["Member.email"] = new("""{ entity(name: "lab") { members { email } } }""", d => AnyValue(d["entity"]?["members"], "email"), TeamManagers),
        ["Member.apiKey"] = new("""{ entity(name: "lab") { members { apiKey } } }""", d => AnyValue(d["entity"]?["members"], "apiKey"), TeamManagers),
        ["Entity.invites"] = new("""{ entity(name: "lab") { invites { email } } }""", d => Any(d["entity"]?["invites"]), TeamManagers),
    };

    /// <summary>Fields the completeness check finds that are not sensitive, or only reachable through a row above.</summary>
    private static readonly Dictionary<string, string> Reviewed = new()
    {
        ["Query.serverInfo"] = "the server's version and features, as every client reads before signing in",
        ["Query.organization"] = "feature flags only; no member or billing data",
        ["FeatureFlag.rampKey"] = "a feature flag's name",
        ["Run.historyKeys"] = "metric names of a run: readers of the run (Project.run)",
        ["ParquetHistory.parquetUrls"] = "always empty: history is served as liveData (Run.parquetHistory row)",
        ["File.uploadMultipartUrls"] = "null for run files; artifact part URLs only come in createArtifactFiles' answer (mutation matrix: writers)",
        ["UploadMultipartUrls.uploadUrlParts"] = "inside File.uploadMultipartUrls",
        ["UploadUrlPart.uploadUrl"] = "inside File.uploadMultipartUrls",
        ["User.id"] = "public identity of a user the caller can already see",
        ["User.name"] = "public identity",
        ["User.username"] = "public identity",
        ["User.admin"] = "W&B shows it; clients read it for the viewer",
        ["User.flags"] = "always {}",
        ["User.entity"] = "the personal entity's name, which is the username",
        ["User.deletedAt"] = "always null",
        ["User.photoUrl"] = "always null",
        ["User.accountType"] = "USER for every account",
        ["ApiKey.id"] = "only inside User.apiKeys",
        ["ApiKey.name"] = "only inside User.apiKeys (masked except right after creation)",
        ["ApiKey.description"] = "only inside User.apiKeys",
        ["Entity.id"] = "inside Query.entity",
        ["Entity.name"] = "inside Query.entity",
        ["Entity.available"] = "constant false",
        ["Entity.photoUrl"] = "always null",
        ["Entity.readOnly"] = "constant false",
        ["Entity.readOnlyAdmin"] = "always null",
        ["Entity.isTeam"] = "inside Query.entity",
        ["Entity.entityType"] = "inside Query.entity",
        ["Entity.privateOnly"] = "constant false",
        ["Entity.storageBytes"] = "always null",
        ["Entity.codeSavingEnabled"] = "always null",
        ["Entity.defaultAccess"] = "constant",
        ["Entity.isPaid"] = "always null",
        ["Entity.limits"] = "always null",
        ["Entity.viewerRole"] = "the caller's own role",
        ["Member.id"] = "inside Entity.members (team readers)",
        ["Member.admin"] = "inside Entity.members",
        ["Member.pending"] = "constant false",
        ["Member.username"] = "inside Entity.members",
        ["Member.name"] = "inside Entity.members",
        ["Member.photoUrl"] = "always null",
        ["Member.accountType"] = "inside Entity.members",
        ["Member.role"] = "inside Entity.members",
        ["Invite.id"] = "only inside Entity.invites (team managers)",
        ["Invite.name"] = "only inside Entity.invites",
        ["Invite.email"] = "only inside Entity.invites",
        ["Invite.createdAt"] = "only inside Entity.invites",
        ["Invite.toUser"] = "only inside Entity.invites",
        ["Invite.role"] = "only inside Entity.invites",
        ["Invite.pending"] = "only inside Entity.invites",
        ["AuditLogEntry.id"] = "only inside Query.auditLog (instance admins)",
        ["AuditLogEntry.at"] = "only inside Query.auditLog",
        ["AuditLogEntry.actor"] = "only inside Query.auditLog",
        ["AuditLogEntry.action"] = "only inside Query.auditLog",
        ["AuditLogEntry.target"] = "only inside Query.auditLog",
        ["AuditLogEntry.detail"] = "only inside Query.auditLog",
        ["AuditLogEntry.address"] = "only inside Query.auditLog",
    };

    /// <summary>Types whose every field is people's data, and field names that say key, e-mail, URL or the like.</summary>
    private static readonly string[] PersonalTypes = ["Query", "User", "Member", "Invite", "ApiKey", "AuditLogEntry", "Entity"];

    private static readonly System.Text.RegularExpressions.Regex SensitiveName =
        new("key|email|secret|token|password|invite|audit|url|admin", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    public sealed class App : SecurityApp
    {
        public Dictionary<string, string?> Keys { get; } = [];
        public Dictionary<string, string> Ids { get; } = [];

        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Keys["anonymous"] = null;
            Keys["outsider"] = BobKey;
            Keys["viewer"] = CarolKey;
            Keys["member"] = DaveKey;
            Keys["teamadmin"] = AliceKey;
            Keys["instanceadmin"] = Factory.AdminApiKey;

            await CreateProjectAsync(AliceKey, Team, Vault, VaultRun, "private");
            await CreateProjectAsync(AliceKey, Team, Shared, SharedRun, "team");
            await UploadRunFileAsync(AliceKey, Team, Vault, VaultRun, "notes.txt", "private notes\n"u8.ToArray());
            await UploadRunFileAsync(AliceKey, Team, Shared, SharedRun, "shared.txt", "team notes\n"u8.ToArray());

            var alice = Client(AliceKey);
            var logged = await new ArtifactClient(alice, Team, Vault).LogAsync(Collection, [ArtifactFileSource.FromText("w.txt", "weights")]);
            Ids["artifact"] = logged.Id;
            Ids["collection"] = (await alice.QueryAsync("query($id: ID) { artifact(id: $id) { artifactSequence { id } } }", new { id = logged.Id }))
                ["artifact"]!["artifactSequence"]!["id"]!.GetValue<string>();
            await alice.QueryAsync("""mutation { createServiceAccount(input: {entityName: "lab", description: "ci bot"}) { user { id } } }""");
            await alice.QueryAsync("""mutation { createInvite(input: {entityName: "lab", email: "newcomer@example.test"}) { invite { id } } }""");
        }
    }

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in Rows.Keys)
        {
            foreach (var caller in Callers)
            {
                data.Add(field, caller);
            }
        }

        return data;
    }

    [Fact]
    public void Every_root_field_and_every_personal_or_secret_field_has_a_row_or_a_review()
    {
        var schema = GraphQLTestSchema.Schema;
        schema.Initialize();
        var fields = schema.AllTypes.OfType<IComplexGraphType>()
            .Where(type => type is not IInputObjectGraphType && type.Name != "Mutation" && !type.Name.EndsWith("Payload", StringComparison.Ordinal) && !type.Name.StartsWith("__", StringComparison.Ordinal))
            .SelectMany(type => type.Fields.Select(field => (Type: type.Name, Field: field.Name)))
            .Where(f => PersonalTypes.Contains(f.Type) || SensitiveName.IsMatch(f.Field))
            .Select(f => $"{f.Type}.{f.Field}")
            .ToList();

        var missing = fields.Where(f => !Rows.ContainsKey(f) && !Reviewed.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, "Add a row to Rows (who may see it) or a reason to Reviewed for: " + string.Join(", ", missing));
        var stale = Rows.Keys.Concat(Reviewed.Keys).Where(f => !fields.Contains(f) && !IsField(schema, f)).ToList();
        Assert.True(stale.Count == 0, "These entries name no field of the schema: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_sensitive_field_is_seen_exactly_by_those_who_may(string field, string caller)
    {
        var row = Rows[field];
        var (status, body) = await app.Factory.CreateWandbClient(app.Keys[caller]).GraphQLAsync(
            row.Query, new { artifact = app.Ids["artifact"], collection = app.Ids["collection"] });
        var text = body?.ToJsonString() ?? "";
        if (caller == "anonymous")
        {
            Assert.True(status == 401, $"{field}: {status} {text}");
            return;
        }

        Assert.True(status is 200 or 403, $"{field} for {caller}: {status} {text}");
        var data = body?["data"];
        var revealed = data is not null && row.Revealed(data);
        var expected = row.SeenBy.Contains(caller);
        Assert.True(revealed == expected, $"{field} for {caller}: expected {(expected ? "visible" : "hidden")}, got {status} {text}");
    }

    private static bool IsField(ISchema schema, string qualified)
    {
        var (type, field) = (qualified[..qualified.IndexOf('.')], qualified[(qualified.IndexOf('.') + 1)..]);
        return schema.AllTypes[type] is IComplexGraphType complex && complex.GetField(field) is not null;
    }

    private static bool Has(JsonNode data, params string[] path)
    {
        JsonNode? node = data;
        foreach (var step in path)
        {
            node = node?[step];
        }

        return node is JsonValue value ? value.ToString().Length > 0 : node is not null;
    }

    private static bool Any(JsonNode? list) => list is JsonArray { Count: > 0 };

    private static bool AnyValue(JsonNode? list, string property) =>
        list is JsonArray array && array.Any(item => item?[property] is JsonValue value && value.ToString().Length > 0);

    private static bool Lists(JsonNode? connection, string name) =>
        connection?["edges"] is JsonArray edges && edges.Any(edge => edge?["node"]?["name"]?.GetValue<string>() == name);

    private static bool FileField(JsonNode data, string property) =>
        data["project"]?["run"]?["files"]?["edges"] is JsonArray edges && AnyValue(new JsonArray(edges.Select(e => e?["node"]?.DeepClone()).ToArray()), property);
}
