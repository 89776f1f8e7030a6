namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>UploadUrlPart</c>: where the client PUTs one part of a multipart upload.</summary>
public sealed record UploadUrlPartNode(long PartNumber, string UploadUrl);
