using Orleans.Wandb.Contracts.Teams;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>createInvite</c>: members are added at once, so the invite is already accepted.</summary>
public sealed record InviteNode(TeamMember Member, DateTimeOffset CreatedAt);
