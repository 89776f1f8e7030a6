namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>createInvite</c>.</summary>
public sealed record InvitePayload(InviteNode Invite, string? ClientMutationId);
