namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>completeMultipartUploadArtifact</c>: the joined content's digest (its base64 MD5).</summary>
public sealed record CompleteMultipartUploadArtifactPayload(string Digest, string? ClientMutationId);
