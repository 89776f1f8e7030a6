namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>One part of a multipart upload: its 1-based number and the MD5 of its bytes (32 lowercase hex digits).</summary>
public sealed record UploadPart(long PartNumber, string Md5Hex);
