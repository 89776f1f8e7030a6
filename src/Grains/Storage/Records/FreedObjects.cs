namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>
/// What a deletion in <see cref="IArtifactStore"/> released: the number of versions removed and the file-store
/// objects (contents no version references any more, and the versions' manifests) the caller must now delete.
/// </summary>
public sealed record FreedObjects(int Versions, IReadOnlyList<string> ObjectKeys, long Bytes);
