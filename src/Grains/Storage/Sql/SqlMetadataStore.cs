using System.Data.Common;
using System.Text.Json;
using Dapper;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Grains.Storage.Rows;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary>
/// <see cref="IMetadataStore"/> on a SQL database: SQLite in the embedded profile, MySQL in the cluster profile. Times
/// are stored as epoch milliseconds and lists/objects as JSON text; what the engines spell differently comes from
/// the database's <see cref="ISqlDialect"/>, so both profiles behave alike and migrate into each other.
/// </summary>
public sealed partial class SqlMetadataStore(ISqlDatabase database) : IMetadataStore
{
    private readonly ISqlDialect _sql = database.Dialect;

    private const string UserColumns =
        "u.id AS Id, u.username AS Username, u.email AS Email, u.admin AS Admin, e.name AS Entity, u.deactivated_at AS DeactivatedAt";

    private const string ProjectColumns = """
        p.id AS Id, p.entity AS Entity, p.name AS Name, p.description AS Description, p.created_by AS CreatedBy,
        p.created_at AS CreatedAt, p.access AS Access,
        (SELECT COUNT(*) FROM runs r WHERE r.entity = p.entity AND r.project = p.name) AS RunCount,
        (SELECT MAX(r.updated_at) FROM runs r WHERE r.entity = p.entity AND r.project = p.name) AS LastActivityAt
        """;

    private const string RunColumns = """
        id AS Id, name AS Name, display_name AS DisplayName, state AS State, created_at AS CreatedAt,
        heartbeat_at AS HeartbeatAt, tags AS Tags, group_name AS GroupName, job_type AS JobType, user_id AS UserId,
        config AS Config, summary AS Summary, history_line_count AS HistoryLineCount, sweep_name AS SweepName, host AS Host, for_user_id AS ForUserId
        """;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => database.EnsureMigratedAsync(cancellationToken);

    /// <inheritdoc />
    public Task<long> CountUsersAsync() =>
        database.RunAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users;"));

    /// <inheritdoc />
    public Task<UserIdentity> InsertUserAsync(NewUser user) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            try
            {
                await EnsureNameFreeAsync(c, user.Username, tx);
                var at = user.CreatedAt.ToUnixTimeMilliseconds();
                var entityId = await c.ExecuteScalarAsync<long>(
                    _sql.InsertReturningId("INSERT INTO entities (name, kind, created_at) VALUES (@name, 'user', @at)"),
                    new { name = user.Username, at }, tx);
                var userId = await c.ExecuteScalarAsync<long>(
                    _sql.InsertReturningId(
                        """
                        INSERT INTO users (username, email, entity_id, password_hash, must_change_password, admin, created_at)
                        VALUES (@Username, @Email, @entityId, @PasswordHash, @MustChangePassword, @Admin, @at)
                        """),
                    new { user.Username, user.Email, entityId, user.PasswordHash, user.MustChangePassword, user.Admin, at },
                    tx);
                await c.ExecuteAsync(
                    "INSERT INTO memberships (entity_id, user_id, role) VALUES (@entityId, @userId, 'admin');",
                    new { entityId, userId }, tx);
                await tx.CommitAsync();
                return new UserIdentity(userId, user.Username, user.Email, user.Admin, user.Username);
            }
            catch (DbException e) when (_sql.IsUniqueViolation(e))
            {
                throw new InvalidOperationException(
                    $"A user or entity named '{user.Username}' or with email '{user.Email}' already exists.", e);
            }
        });

    /// <summary>
    /// Refuses a new user, team or service-account name that an existing entity or username already has in another
    /// case: people type names into URLs and <c>wandb.init(entity=…)</c>, and <c>Team1</c> next to <c>team1</c> would
    /// let one namespace pass for the other. Existing names are never changed; the check runs inside the inserting
    /// transaction, and the databases' own unique keys (case-sensitive in both profiles) still catch exact repeats.
    /// </summary>
    private static async Task EnsureNameFreeAsync(DbConnection c, string name, DbTransaction tx)
    {
        var taken = await c.ExecuteScalarAsync<long>(
            """
            SELECT (SELECT COUNT(*) FROM entities WHERE LOWER(name) = LOWER(@name))
                 + (SELECT COUNT(*) FROM users WHERE LOWER(username) = LOWER(@name));
            """,
            new { name }, tx);
        if (taken > 0)
        {
            throw new InvalidOperationException($"The name '{name}' is already taken (names are compared without regard to case).");
        }
    }

    /// <inheritdoc />
    public Task<UserIdentity?> GetUserAsync(long userId) =>
        QueryUserAsync("u.id = @userId", new { userId });

    /// <inheritdoc />
    public Task<UserIdentity?> FindUserByUsernameAsync(string username) =>
        QueryUserAsync("u.username = @username", new { username });

    /// <inheritdoc />
    public Task<UserIdentity?> FindUserByApiKeyHashAsync(string keyHash) =>
        QueryUserAsync(
            "u.id = (SELECT k.user_id FROM api_keys k WHERE k.key_hash = @keyHash AND k.revoked_at IS NULL)",
            new { keyHash });

    /// <inheritdoc />
    public Task<(string? PasswordHash, bool MustChangePassword)?> GetPasswordAsync(long userId) =>
        database.RunAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<PasswordRow>(
                "SELECT password_hash AS PasswordHash, must_change_password AS MustChangePassword FROM users WHERE id = @userId;",
                new { userId });
            return row is null ? ((string?, bool)?)null : (row.PasswordHash, row.MustChangePassword);
        });

    /// <inheritdoc />
    public Task<EntityRecord?> GetEntityAsync(string name) =>
        database.RunAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<EntityRow>(
                "SELECT id AS Id, name AS Name, kind AS Kind, created_at AS CreatedAt FROM entities WHERE name = @name;",
                new { name });
            return row?.ToRecord();
        });

    /// <inheritdoc />
    public Task<EntityRecord> InsertTeamAsync(string name, DateTimeOffset createdAt) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            try
            {
                await EnsureNameFreeAsync(c, name, tx);
                var id = await c.ExecuteScalarAsync<long>(
                    _sql.InsertReturningId("INSERT INTO entities (name, kind, created_at) VALUES (@name, 'team', @at)"),
                    new { name, at = createdAt.ToUnixTimeMilliseconds() }, tx);
                await tx.CommitAsync();
                return new EntityRecord(id, name, EntityKinds.Team, FromMs(createdAt.ToUnixTimeMilliseconds()));
            }
            catch (DbException e) when (_sql.IsUniqueViolation(e))
            {
                throw new InvalidOperationException($"An entity named '{name}' already exists.", e);
            }
        });

    /// <inheritdoc />
    public Task SetMembershipAsync(long entityId, long userId, string role)
    {
        if (!MemberRoles.IsValid(role))
        {
            throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        }

        return database.RunAsync(c => c.ExecuteAsync(
            $"""
            INSERT INTO memberships (entity_id, user_id, role) VALUES (@entityId, @userId, @role)
            {_sql.OnConflictUpdate("entity_id, user_id", $"role = {_sql.Incoming("role")}")};
            """,
            new { entityId, userId, role }));
    }

    /// <inheritdoc />
    public Task<string?> GetMembershipRoleAsync(long userId, string entity) =>
        database.RunAsync(c => c.ExecuteScalarAsync<string?>(
            """
            SELECT m.role FROM memberships m JOIN entities e ON e.id = m.entity_id
            WHERE m.user_id = @userId AND e.name = @entity;
            """,
            new { userId, entity }));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListEntitiesOfUserAsync(long userId) =>
        database.RunAsync(async c =>
        {
            // The personal entity first: clients take the first one as the default.
            var names = await c.QueryAsync<string>(
                """
                SELECT e.name FROM memberships m JOIN entities e ON e.id = m.entity_id
                WHERE m.user_id = @userId
                ORDER BY CASE WHEN e.id = (SELECT u.entity_id FROM users u WHERE u.id = @userId) THEN 0 ELSE 1 END, e.name;
                """,
                new { userId });
            return (IReadOnlyList<string>)names.AsList();
        });

    /// <inheritdoc />
    public Task<ApiKeyInfo> InsertApiKeyAsync(
        long userId, string keyHash, string maskedKey, string? description, DateTimeOffset createdAt) =>
        database.RunAsync(async c =>
        {
            var at = createdAt.ToUnixTimeMilliseconds();
            var id = await c.ExecuteScalarAsync<long>(
                _sql.InsertReturningId(
                    """
                    INSERT INTO api_keys (user_id, key_hash, masked, description, created_at)
                    VALUES (@userId, @keyHash, @maskedKey, @description, @at)
                    """),
                new { userId, keyHash, maskedKey, description, at });
            return new ApiKeyInfo(id, maskedKey, description, FromMs(at));
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(long userId) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<ApiKeyRow>(
                """
                SELECT id AS Id, masked AS Masked, description AS Description, created_at AS CreatedAt
                FROM api_keys WHERE user_id = @userId AND revoked_at IS NULL ORDER BY id;
                """,
                new { userId });
            return (IReadOnlyList<ApiKeyInfo>)rows.Select(r => new ApiKeyInfo(r.Id, r.Masked, r.Description, FromMs(r.CreatedAt))).ToList();
        });

    /// <inheritdoc />
    public Task<bool> RevokeApiKeyAsync(long userId, long keyId, DateTimeOffset revokedAt) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @at WHERE id = @keyId AND user_id = @userId AND revoked_at IS NULL;",
            new { keyId, userId, at = revokedAt.ToUnixTimeMilliseconds() }) == 1);

    /// <inheritdoc />
    public Task<ProjectInfo> EnsureProjectAsync(string entity, string name, long createdBy, DateTimeOffset createdAt) =>
        database.RunAsync(async c =>
        {
            await c.ExecuteAsync(
                $"""
                INSERT INTO projects (entity, name, created_by, created_at) VALUES (@entity, @name, @createdBy, @at)
                {_sql.OnConflictDoNothing("entity, name")};
                """,
                new { entity, name, createdBy, at = createdAt.ToUnixTimeMilliseconds() });
            var row = await c.QuerySingleAsync<ProjectRow>(
                $"SELECT {ProjectColumns} FROM projects p WHERE p.entity = @entity AND p.name = @name;",
                new { entity, name });
            return row.ToInfo();
        });

    /// <inheritdoc />
    public Task<ProjectInfo?> GetProjectAsync(string entity, string name) =>
        database.RunAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<ProjectRow>(
                $"SELECT {ProjectColumns} FROM projects p WHERE p.entity = @entity AND p.name = @name;",
                new { entity, name });
            return row?.ToInfo();
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync(string entity) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<ProjectRow>(
                $"SELECT {ProjectColumns} FROM projects p WHERE p.entity = @entity ORDER BY p.name;",
                new { entity });
            return (IReadOnlyList<ProjectInfo>)rows.Select(r => r.ToInfo()).ToList();
        });

    /// <inheritdoc />
    public Task<long> InsertRunAsync(string entity, string project, RunRow row) =>
        database.RunAsync(async c =>
        {
            await c.ExecuteAsync(
                $"""
                INSERT INTO runs (entity, project, name, display_name, state, created_at, heartbeat_at, tags, group_name,
                                  job_type, user_id, config, summary, history_line_count, sweep_name, host, for_user_id, updated_at)
                VALUES (@entity, @project, @Name, @DisplayName, @State, @CreatedAt, @HeartbeatAt, @Tags, @GroupName,
                        @JobType, @UserId, @Config, @Summary, @HistoryLineCount, @SweepName, @Host, @ForUserId, @CreatedAt)
                {_sql.OnConflictDoNothing("entity, project, name")};
                """,
                RunParameters(entity, project, row, row.CreatedAt));
            return await c.ExecuteScalarAsync<long>(
                "SELECT id FROM runs WHERE entity = @entity AND project = @project AND name = @name;",
                new { entity, project, name = row.Name });
        });

    /// <inheritdoc />
    public Task SaveRunRowAsync(string entity, string project, RunRow row, DateTimeOffset updatedAt) =>
        database.RunAsync(c => c.ExecuteAsync(
            """
            UPDATE runs SET display_name = @DisplayName, state = @State, heartbeat_at = @HeartbeatAt, tags = @Tags,
                group_name = @GroupName, job_type = @JobType, user_id = @UserId, config = @Config, summary = @Summary,
                history_line_count = @HistoryLineCount, sweep_name = @SweepName, host = @Host, for_user_id = @ForUserId, updated_at = @UpdatedAt
            WHERE id = @Id;
            """,
            RunParameters(entity, project, row, updatedAt)));

    /// <inheritdoc />
    public Task DeleteRunAsync(long runId) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            await c.ExecuteAsync("DELETE FROM run_files WHERE run_id = @runId;", new { runId }, tx);
            await c.ExecuteAsync("DELETE FROM runs WHERE id = @runId;", new { runId }, tx);
            await tx.CommitAsync();
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<RunRow>> ListRunRowsAsync(string entity, string project) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<RunRowData>(
                $"SELECT {RunColumns} FROM runs WHERE entity = @entity AND project = @project;",
                new { entity, project });
            return (IReadOnlyList<RunRow>)rows.Select(r => r.ToRow()).ToList();
        });

    /// <inheritdoc />
    public Task<RunLocation?> FindRunAsync(long runId) =>
        database.RunAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<RunLocationRow>(
                "SELECT id AS Id, entity AS Entity, project AS Project, name AS Name FROM runs WHERE id = @runId;",
                new { runId });
            return row is null ? null : new RunLocation(row.Id, row.Entity, row.Project, row.Name);
        });

    /// <inheritdoc />
    public Task<bool> UpsertRunFileAsync(long runId, RunFileInfo file) =>
        database.RunAsync(async c =>
        {
            // The affected-row count of a MySQL upsert cannot tell "inserted" from "replaced by equal values", hence
            // the locking read first.
            await using var tx = await _sql.BeginWriteAsync(c);
            var existed = await c.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM run_files WHERE run_id = @runId AND {_sql.LongKeyEquals("name", "@Name")}{_sql.ForUpdate};",
                new { runId, file.Name }, tx) > 0;
            await c.ExecuteAsync(
                $"""
                INSERT INTO run_files (run_id, {_sql.LongKeyColumns("name")}, size_bytes, md5_base64, mimetype, updated_at)
                VALUES (@runId, {_sql.LongKeyValues("@Name")}, @SizeBytes, @Md5Base64, @MimeType, @at)
                {_sql.OnConflictUpdate("run_id, name", Replace("size_bytes", "md5_base64", "mimetype", "updated_at"))};
                """,
                new { runId, file.Name, file.SizeBytes, file.Md5Base64, file.MimeType, at = file.UpdatedAt.ToUnixTimeMilliseconds() },
                tx);
            await tx.CommitAsync();
            return !existed;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<RunFileInfo>> ListRunFilesAsync(long runId) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<RunFileRow>(
                """
                SELECT name AS Name, size_bytes AS SizeBytes, md5_base64 AS Md5Base64, mimetype AS MimeType,
                       updated_at AS UpdatedAt
                FROM run_files WHERE run_id = @runId ORDER BY name;
                """,
                new { runId });
            return (IReadOnlyList<RunFileInfo>)rows
                .Select(r => new RunFileInfo(r.Name, r.SizeBytes, r.Md5Base64, r.MimeType, FromMs(r.UpdatedAt)))
                .ToList();
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DeleteRunFilesAsync(long runId, IReadOnlyList<string> names) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var deleted = new List<string>();
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                if (await c.ExecuteAsync(
                        $"DELETE FROM run_files WHERE run_id = @runId AND {_sql.LongKeyEquals("name", "@name")};", new { runId, name }, tx) > 0)
                {
                    deleted.Add(name);
                }
            }

            await tx.CommitAsync();
            return (IReadOnlyList<string>)deleted;
        });

    private static object RunParameters(string entity, string project, RunRow row, DateTimeOffset updatedAt) => new
    {
        entity,
        project,
        row.Id,
        row.Name,
        row.DisplayName,
        row.State,
        CreatedAt = row.CreatedAt.ToUnixTimeMilliseconds(),
        HeartbeatAt = row.HeartbeatAt?.ToUnixTimeMilliseconds(),
        Tags = JsonSerializer.Serialize(row.Tags),
        row.GroupName,
        row.JobType,
        row.UserId,
        row.Config,
        Summary = row.SummaryMetrics,
        row.HistoryLineCount,
        row.SweepName,
        row.Host,
        row.ForUserId,
        UpdatedAt = updatedAt.ToUnixTimeMilliseconds(),
    };

    private Task<UserIdentity?> QueryUserAsync(string where, object parameters) =>
        database.RunAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<UserRow>(
                $"SELECT {UserColumns} FROM users u JOIN entities e ON e.id = u.entity_id WHERE {where};", parameters);
            return row is null ? null : new UserIdentity(row.Id, row.Username, row.Email, row.Admin, row.Entity, row.DeactivatedAt is not null);
        });

    // "column = the inserted value" for each column, the assignments of an upsert that overwrites them.
    private string Replace(params string[] columns) =>
        string.Join(", ", columns.Select(column => $"{column} = {_sql.Incoming(column)}"));

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
