namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// What <see cref="IDirectTransfer.AcceptUploadAsync"/> found: the size and base64 MD5 of what the client uploaded
/// (as the store computed them), and whether it was accepted, i.e. moved to its final key.
/// </summary>
public sealed record CheckedUpload(long SizeBytes, string Md5Base64, bool Accepted);
