using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// Relay ids of the artifact types, in W&amp;B's style (<c>base64("Artifact:&lt;token&gt;")</c>, the number an opaque
/// <see cref="RelayIds.Token"/>): clients decode artifact ids from
/// base64 to hex when resolving <c>wandb-client-artifact://</c> references, so they must be valid standard base64.
/// </summary>
public static class ArtifactIds
{
    public const string ArtifactType = "Artifact";
    public const string CollectionType = "ArtifactSequence";
    public const string ManifestType = "ArtifactManifest";

    public static string Artifact(long id) => RelayIds.Encode(ArtifactType, Number(id));

    public static string Collection(long id) => RelayIds.Encode(CollectionType, Number(id));

    public static string Manifest(long id) => RelayIds.Encode(ManifestType, Number(id));

    public static string Type(long id) => RelayIds.Encode("ArtifactType", Number(id));

    public static string Alias(long collectionId, string alias) => RelayIds.Encode("ArtifactAlias", $"{Number(collectionId)}:{alias}");

    public static string Membership(long collectionId, long artifactId) =>
        RelayIds.Encode("ArtifactCollectionMembership", $"{Number(collectionId)}:{Number(artifactId)}");

    public static string File(long artifactId, string path) => RelayIds.Encode("File", $"artifact:{Number(artifactId)}:{path}");

    private static string Number(long id) => RelayIds.Token(id);
}
