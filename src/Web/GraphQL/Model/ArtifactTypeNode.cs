using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>ArtifactType</c>; <see cref="TypeId"/> is null when the node was built from a version's type name.</summary>
public sealed record ArtifactTypeNode(long? TypeId, string Entity, string Project, string Name, string? Description)
{
    public string Id => TypeId is { } id ? ArtifactIds.Type(id) : RelayIds.Encode("ArtifactType", $"{Entity}/{Project}/{Name}");

    /// <summary>When the type was first used; null when the node was built from a name (the resolver looks it up).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public static ArtifactTypeNode Of(ArtifactTypeInfo type) =>
        new(type.Id, type.Entity, type.Project, type.Name, type.Description) { CreatedAt = type.CreatedAt };
}
