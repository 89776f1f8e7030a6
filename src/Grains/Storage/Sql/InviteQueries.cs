using System.Data.Common;
using Dapper;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Storage.Rows;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary>
/// The pending team invites of <see cref="ITeamStore"/> in SQL that SQLite and MySQL run unchanged, so both stores
/// share one implementation. Emails are kept lower-cased: an invite matches the account whatever its capitalisation.
/// </summary>
internal static class InviteQueries
{
    private const string Select =
        """
        SELECT i.id AS Id, e.name AS Team, i.email AS Email, i.role AS Role, u.username AS InvitedBy, i.created_at AS CreatedAt
        FROM team_invites i JOIN entities e ON e.id = i.entity_id LEFT JOIN users u ON u.id = i.invited_by
        """;

    /// <summary>Invites the email to the team, or changes the role of its pending invite.</summary>
    public static async Task<TeamInvite> UpsertAsync(DbConnection c, long entityId, string email, string role, long invitedBy, DateTimeOffset at)
    {
        var normalized = email.Trim().ToLowerInvariant();
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("DELETE FROM team_invites WHERE entity_id = @entityId AND email = @normalized;", new { entityId, normalized }, tx);
        await c.ExecuteAsync(
            """
            INSERT INTO team_invites (entity_id, email, role, invited_by, created_at)
            VALUES (@entityId, @normalized, @role, @invitedBy, @at);
            """,
            new { entityId, normalized, role, invitedBy, at = at.ToUnixTimeMilliseconds() }, tx);
        var row = await c.QuerySingleAsync<InviteRow>($"{Select} WHERE i.entity_id = @entityId AND i.email = @normalized;", new { entityId, normalized }, tx);
        await tx.CommitAsync();
        return ToInvite(row);
    }

    /// <summary>The team's pending invites, oldest first.</summary>
    public static async Task<IReadOnlyList<TeamInvite>> ListAsync(DbConnection c, long entityId) =>
        (await c.QueryAsync<InviteRow>($"{Select} WHERE i.entity_id = @entityId ORDER BY i.id;", new { entityId })).Select(ToInvite).ToList();

    /// <summary>Withdraws an invite of the team; false when there was none.</summary>
    public static async Task<bool> DeleteAsync(DbConnection c, long entityId, long inviteId) =>
        await c.ExecuteAsync("DELETE FROM team_invites WHERE entity_id = @entityId AND id = @inviteId;", new { entityId, inviteId }) == 1;

    /// <summary>
    /// Makes the user a member of every team that invited their email (keeping a membership they already have) and
    /// removes those invites, in one transaction; returns the invites taken.
    /// </summary>
    public static async Task<IReadOnlyList<TeamInvite>> AcceptAsync(DbConnection c, long userId, string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        await using var tx = await c.BeginTransactionAsync();
        var rows = (await c.QueryAsync<InviteRow>($"{Select} WHERE i.email = @normalized ORDER BY i.id;", new { normalized }, tx)).ToList();
        if (rows.Count > 0)
        {
            await c.ExecuteAsync(
                """
                INSERT INTO memberships (entity_id, user_id, role)
                SELECT i.entity_id, @userId, i.role FROM team_invites i
                WHERE i.email = @normalized
                  AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.entity_id = i.entity_id AND m.user_id = @userId);
                """,
                new { userId, normalized }, tx);
            await c.ExecuteAsync("DELETE FROM team_invites WHERE email = @normalized;", new { normalized }, tx);
        }

        await tx.CommitAsync();
        return rows.Select(ToInvite).ToList();
    }

    private static TeamInvite ToInvite(InviteRow r) => new(r.Id, r.Team, r.Email, r.Role, r.InvitedBy, EpochMs.ToTime(r.CreatedAt));
}
