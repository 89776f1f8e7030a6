using Dapper;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Grains.Storage.Rows;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary><see cref="IAccountStore"/>: the web app's account and usage queries on the same database.</summary>
public sealed partial class SqlMetadataStore : IAccountStore
{
    /// <inheritdoc />
    public Task<UserIdentity?> FindUserByEmailAsync(string email) =>
        QueryUserAsync(_sql.EqualsIgnoringCase("u.email", "@email"), new { email });

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSummary>> ListUsersAsync() =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<UserSummaryRow>(
                """
                SELECT id AS Id, username AS Username, email AS Email, admin AS Admin,
                       must_change_password AS MustChangePassword, created_at AS CreatedAt, deactivated_at AS DeactivatedAt
                FROM users ORDER BY username;
                """);
            return (IReadOnlyList<UserSummary>)rows
                .Select(r => new UserSummary(r.Id, r.Username, r.Email, r.Admin, r.MustChangePassword, FromMs(r.CreatedAt), r.DeactivatedAt is not null))
                .ToList();
        });

    /// <inheritdoc />
    public Task<bool> SetDeactivatedAsync(long userId, DateTimeOffset? at) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE users SET deactivated_at = @deactivatedAt WHERE id = @userId;",
            new { userId, deactivatedAt = at?.ToUnixTimeMilliseconds() }) == 1);

    /// <inheritdoc />
    public Task<bool> SetEmailAsync(long userId, string email) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE users SET email = @email WHERE id = @userId;",
            new { userId, email }) == 1);

    /// <inheritdoc />
    public Task<bool> SetPasswordAsync(long userId, string passwordHash, bool mustChangePassword) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE users SET password_hash = @passwordHash, must_change_password = @mustChangePassword WHERE id = @userId;",
            new { userId, passwordHash, mustChangePassword }) == 1);

    /// <inheritdoc />
    public Task<IReadOnlyList<ProjectFileUsage>> ListProjectFileUsageAsync() =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<ProjectUsageRow>(
                $"""
                SELECT p.entity AS Entity, p.name AS Project,
                       (SELECT COUNT(*) FROM runs r WHERE r.entity = p.entity AND r.project = p.name) AS RunCount,
                       (SELECT {_sql.SumOrZero("f.size_bytes")} FROM run_files f JOIN runs r ON r.id = f.run_id
                        WHERE r.entity = p.entity AND r.project = p.name) AS FileBytes
                FROM projects p ORDER BY p.entity, p.name;
                """);
            return (IReadOnlyList<ProjectFileUsage>)rows
                .Select(r => new ProjectFileUsage(r.Entity, r.Project, (int)r.RunCount, r.FileBytes))
                .ToList();
        });
}
