namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// The answer to <c>createRunFiles</c>: the run's storage id (clients fail on an empty one), headers for the
/// PUTs (none) and one file per requested name with its upload URL.
/// </summary>
public sealed record CreateRunFilesPayload(
    string RunID,
    IReadOnlyList<string> UploadHeaders,
    IReadOnlyList<FileNode> Files,
    string? ClientMutationId);
