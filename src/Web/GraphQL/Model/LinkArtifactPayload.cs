namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>linkArtifact</c>: the link's index in the portfolio and the membership it created.</summary>
public sealed record LinkArtifactPayload(long VersionIndex, ArtifactMembershipNode ArtifactMembership, string? ClientMutationId);
