using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>File</c> for a run file. A file that was requested by name but not uploaded yet (legacy
/// <c>RunUploadUrls</c>) has no size, digest or date: only its name and URLs.
/// </summary>
public sealed record FileNode(long RunId, string Name, string ObjectKey, RunFileInfo? Stored)
{
    public string Id => RelayIds.File(RunId, Name);

    public string DisplayName => Name;

    public long? SizeBytes => Stored?.SizeBytes;

    public string? Mimetype => Stored?.MimeType;

    public DateTimeOffset? UpdatedAt => Stored?.UpdatedAt;

    /// <summary>Base64 MD5 of the bytes, as the clients compare it.</summary>
    public string? Md5 => Stored?.Md5Base64;

    public string? Digest => Stored?.Md5Base64;

    public string StoragePath => ObjectKey;

    public IReadOnlyList<string> UploadHeaders => [];

    public object? UploadMultipartUrls => null;

    public object? Artifact => null;

    public static FileNode For(RunNode run, string path, RunFileInfo? stored) =>
        new(run.Id, path, RunFileObjects.Key(run.Entity, run.Project, run.Name, path), stored);
}
