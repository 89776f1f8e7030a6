using System.Data.Common;
using Dapper;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Grains.Storage.Rows;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary><see cref="ITeamStore"/>: teams, service accounts, project settings and the audit log on the same database.</summary>
public sealed partial class SqlMetadataStore : ITeamStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMember>> ListMembersAsync(long entityId) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<MemberRow>(
                """
                SELECT u.id AS UserId, u.username AS Username, u.email AS Email, m.role AS Role,
                       u.account_type AS AccountType,
                       (SELECT k.sealed_key FROM api_keys k WHERE k.user_id = u.id AND k.revoked_at IS NULL
                        AND k.sealed_key IS NOT NULL ORDER BY k.id DESC LIMIT 1) AS SealedKey
                FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.entity_id = @entityId ORDER BY u.id;
                """,
                new { entityId });
            return (IReadOnlyList<StoredMember>)rows
                .Select(r => new StoredMember(r.UserId, r.Username, r.Email, r.Role, r.AccountType == "service", r.SealedKey))
                .ToList();
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListTeamNamesAsync() =>
        database.RunAsync(async c => (IReadOnlyList<string>)(await c.QueryAsync<string>(
            "SELECT name FROM entities WHERE kind = 'team' ORDER BY name;")).ToList());

    /// <inheritdoc />
    public Task<bool> RemoveMembershipAsync(long entityId, long userId) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "DELETE FROM memberships WHERE entity_id = @entityId AND user_id = @userId;",
            new { entityId, userId }) == 1);

    /// <inheritdoc />
    public Task<UserIdentity> InsertServiceAccountAsync(long teamEntityId, string username, string email, DateTimeOffset createdAt) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            try
            {
                await EnsureNameFreeAsync(c, username, tx);

                // A service account has no personal entity: its default entity is the team, so a bare
                // wandb.init() with its key logs into the team's projects.
                var userId = await c.ExecuteScalarAsync<long>(
                    _sql.InsertReturningId(
                        """
                        INSERT INTO users (username, email, entity_id, password_hash, must_change_password, admin, created_at, account_type)
                        VALUES (@username, @email, @teamEntityId, NULL, 0, 0, @at, 'service')
                        """),
                    new { username, email, teamEntityId, at = createdAt.ToUnixTimeMilliseconds() }, tx);
                await c.ExecuteAsync(
                    "INSERT INTO memberships (entity_id, user_id, role) VALUES (@teamEntityId, @userId, 'member');",
                    new { teamEntityId, userId }, tx);
                var team = await c.ExecuteScalarAsync<string>("SELECT name FROM entities WHERE id = @teamEntityId;", new { teamEntityId }, tx);
                await tx.CommitAsync();
                return new UserIdentity(userId, username, email, false, team!);
            }
            catch (DbException e) when (_sql.IsUniqueViolation(e))
            {
                throw new InvalidOperationException($"A user named '{username}' already exists.", e);
            }
        });

    /// <inheritdoc />
    public Task<ApiKeyInfo> InsertSealedApiKeyAsync(
        long userId, string keyHash, string maskedKey, string sealedKey, string? description, DateTimeOffset createdAt) =>
        database.RunAsync(async c =>
        {
            var at = createdAt.ToUnixTimeMilliseconds();
            var id = await c.ExecuteScalarAsync<long>(
                _sql.InsertReturningId(
                    """
                    INSERT INTO api_keys (user_id, key_hash, masked, description, created_at, sealed_key)
                    VALUES (@userId, @keyHash, @maskedKey, @description, @at, @sealedKey)
                    """),
                new { userId, keyHash, maskedKey, description, at, sealedKey });
            return new ApiKeyInfo(id, maskedKey, description, FromMs(at));
        });

    /// <inheritdoc />
    public Task<string?> GetProjectAccessAsync(string entity, string project) =>
        database.RunAsync(c => c.ExecuteScalarAsync<string?>(
            "SELECT access FROM projects WHERE entity = @entity AND name = @project;", new { entity, project }));

    /// <inheritdoc />
    public Task<bool> UpdateProjectAsync(string entity, string project, string? access, string? description) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            """
            UPDATE projects SET access = COALESCE(@access, access), description = COALESCE(@description, description)
            WHERE entity = @entity AND name = @project;
            """,
            new { entity, project, access, description }) == 1);

    /// <inheritdoc />
    public Task<bool> DeleteProjectAsync(string entity, string project) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            await c.ExecuteAsync(
                """
                DELETE FROM run_files WHERE run_id IN (SELECT id FROM runs WHERE entity = @entity AND project = @project);
                DELETE FROM runs WHERE entity = @entity AND project = @project;
                """,
                new { entity, project }, tx);
            var deleted = await c.ExecuteAsync(
                "DELETE FROM projects WHERE entity = @entity AND name = @project;", new { entity, project }, tx);
            await tx.CommitAsync();
            return deleted == 1;
        });

    /// <inheritdoc />
    public Task<TeamInvite> UpsertInviteAsync(long entityId, string email, string role, long invitedBy, DateTimeOffset at) =>
        database.RunAsync(c => InviteQueries.UpsertAsync(c, entityId, email, role, invitedBy, at));

    /// <inheritdoc />
    public Task<IReadOnlyList<TeamInvite>> ListInvitesAsync(long entityId) =>
        database.RunAsync(c => InviteQueries.ListAsync(c, entityId));

    /// <inheritdoc />
    public Task<bool> DeleteInviteAsync(long entityId, long inviteId) =>
        database.RunAsync(c => InviteQueries.DeleteAsync(c, entityId, inviteId));

    /// <inheritdoc />
    public Task<IReadOnlyList<TeamInvite>> AcceptInvitesAsync(long userId, string email) =>
        database.RunAsync(c => InviteQueries.AcceptAsync(c, userId, email));

    /// <inheritdoc />
    public Task<IReadOnlyList<UserIdentity>> SearchUsersAsync(string? query, int limit) =>
        database.RunAsync(async c =>
        {
            var pattern = string.IsNullOrWhiteSpace(query) ? "%" : "%" + query.Trim().Replace("%", "", StringComparison.Ordinal) + "%";
            var rows = await c.QueryAsync<UserRow>(
                $"""
                SELECT {UserColumns} FROM users u JOIN entities e ON e.id = u.entity_id
                WHERE {_sql.LikeIgnoringCase("u.username", "@pattern")} OR {_sql.LikeIgnoringCase("u.email", "@pattern")} ORDER BY u.username LIMIT @limit;
                """,
                new { pattern, limit });
            return (IReadOnlyList<UserIdentity>)rows.Select(r => new UserIdentity(r.Id, r.Username, r.Email, r.Admin, r.Entity)).ToList();
        });

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEntry entry) =>
        database.RunAsync(c => c.ExecuteAsync(
            """
            INSERT INTO audit_log (at, actor_id, actor_name, action, target, detail, address)
            VALUES (@at, @ActorId, @ActorName, @Action, @Target, @Detail, @Address);
            """,
            new { at = entry.At.ToUnixTimeMilliseconds(), entry.ActorId, entry.ActorName, entry.Action, entry.Target, entry.Detail, entry.Address }));

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long? beforeId, int limit) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<AuditRow>(
                """
                SELECT id AS Id, at AS At, actor_id AS ActorId, actor_name AS ActorName, action AS Action,
                       target AS Target, detail AS Detail, address AS Address
                FROM audit_log WHERE @beforeId IS NULL OR id < @beforeId ORDER BY id DESC LIMIT @limit;
                """,
                new { beforeId, limit });
            return (IReadOnlyList<AuditEntry>)rows
                .Select(r => new AuditEntry(r.Id, FromMs(r.At), r.ActorId, r.ActorName, r.Action, r.Target, r.Detail, r.Address))
                .ToList();
        });
}
