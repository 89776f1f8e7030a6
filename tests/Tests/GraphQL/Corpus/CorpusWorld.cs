namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>
/// What the corpus documents are run against: one user's project holding a run and a committed artifact with a
/// file, so the variables a client would send name things that exist.
/// </summary>
public sealed record CorpusWorld(
    string Entity,
    string Project,
    string RunName,
    string RunStorageId,
    string ArtifactId,
    string ArtifactDigest,
    string Collection,
    string ArtifactType,
    string FileName,
    string CollectionId);
