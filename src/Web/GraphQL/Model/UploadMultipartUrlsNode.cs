namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>UploadMultipartUrls</c>: the upload's id and one signed PUT URL per part, in part order.</summary>
public sealed record UploadMultipartUrlsNode(string UploadID, IReadOnlyList<UploadUrlPartNode> UploadUrlParts);
