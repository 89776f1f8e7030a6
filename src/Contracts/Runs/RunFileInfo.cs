namespace Orleans.Wandb.Contracts.Runs;

/// <summary>A file attached to a run (uploaded with a signed PUT), as listed by <c>RunFiles</c>.</summary>
[GenerateSerializer, Immutable, Alias("wandb.run-file.v1")]
public sealed record RunFileInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] long SizeBytes,
    [property: Id(2)] string Md5Base64,
    [property: Id(3)] string MimeType,
    [property: Id(4)] DateTimeOffset UpdatedAt);
