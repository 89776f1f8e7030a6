using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Teams;

/// <summary>
/// Turns the pending invites of a new account's email into team memberships with the invited roles, announces the
/// change to the directory and records each in the audit log. Every grain that creates a person's account
/// (<c>/api/admin/users</c>, GraphQL <c>createUser</c>) calls it right after creating the user.
/// </summary>
public sealed class InviteAcceptance(ITeamStore store, DirectoryChanges changes, IGrainFactory grains)
{
    /// <summary>Accepts every invite of <paramref name="user"/>'s email; <paramref name="actor"/> is who created the account.</summary>
    public async Task<IReadOnlyList<TeamInvite>> AcceptAsync(Actor actor, UserIdentity user)
    {
        var accepted = await store.AcceptInvitesAsync(user.Id, user.Email);
        if (accepted.Count == 0)
        {
            return accepted;
        }

        await changes.PublishAsync("team.invite.accept");
        var audit = grains.AuditLog();
        foreach (var invite in accepted)
        {
            await audit.AppendAsync(actor, "team.invite.accept", $"team/{invite.Team}", $"user={user.Username} email={invite.Email} role={invite.Role}");
        }

        return accepted;
    }
}
