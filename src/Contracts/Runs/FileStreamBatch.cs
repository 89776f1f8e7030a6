namespace Orleans.Wandb.Contracts.Runs;

/// <summary>
/// One <c>file_stream</c> POST, already parsed and validated: the lines to write at their offsets and the
/// run-lifecycle flags. A run grain applies it as one unit and acknowledges only once it is durable.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.file-stream-batch.v1")]
public sealed record FileStreamBatch
{
    /// <summary>The lines of each streamed file, at most one chunk per file name.</summary>
    [Id(0)] public IReadOnlyList<FileChunk> Files { get; init; } = [];

    /// <summary>True when the run has ended (only then is <see cref="ExitCode"/> meaningful).</summary>
    [Id(1)] public bool Complete { get; init; }

    /// <summary>The process exit code sent with <see cref="Complete"/>: 0 means finished, anything else failed.</summary>
    [Id(2)] public int? ExitCode { get; init; }

    /// <summary>The run is about to be suspended.</summary>
    [Id(3)] public bool Preempting { get; init; }

    /// <summary>
    /// Names of files whose upload finished. Embedded: files register when their PUT reaches the server, so this is
    /// informational. Cluster: clients PUT straight to the blob store, which no silo sees, so a non-empty list makes
    /// the file_stream endpoint reconcile the run's files with the store (<c>DirectUploads</c> in src/Web/Files).
    /// </summary>
    [Id(4)] public IReadOnlyList<string> Uploaded { get; init; } = [];

    /// <summary>The client's count of chunks it gave up on.</summary>
    [Id(5)] public int Dropped { get; init; }

    /// <summary>The user on whose behalf the batch was sent (creates the run when it does not exist yet).</summary>
    [Id(6)] public long UserId { get; init; }

    /// <summary>
    /// The shared-mode writer that sent the batch (<c>X-WANDB-ASYNC-CLIENT-ID</c>), or null for an ordinary run process.
    /// A shared-mode writer counts offsets from 0 in its own lines: the run appends them after everyone else's and
    /// remembers, per writer, how far it got, so a resend stays idempotent.
    /// </summary>
    [Id(7)] public string? WriterId { get; init; }

    /// <summary>
    /// The client leaves the summary's latest values to the server (<c>X-WANDB-SERVER-SIDE-DERIVED-SUMMARY</c>): it
    /// sends only explicit summary updates, and the run takes each history row's values into the summary itself.
    /// </summary>
    [Id(8)] public bool DeriveSummary { get; init; }
}

/// <summary>Lines of one streamed file, the first one to be written at line index <see cref="Offset"/>.</summary>
[GenerateSerializer, Immutable, Alias("wandb.file-chunk.v1")]
public sealed record FileChunk(
    [property: Id(0)] string Name,
    [property: Id(1)] int Offset,
    [property: Id(2)] IReadOnlyList<string> Lines);

/// <summary>What a run grain answers to a <c>file_stream</c> batch once it is durable.</summary>
[GenerateSerializer, Immutable, Alias("wandb.file-stream-result.v1")]
public sealed record FileStreamResult([property: Id(0)] bool Stopped);
