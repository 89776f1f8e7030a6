using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>A collection's tag (W&amp;B's <c>Tag</c>; this server has no tag categories or attributes).</summary>
public sealed record TagNode(long CollectionId, string Name)
{
    public string Id => RelayIds.Encode("Tag", $"{CollectionId}:{Name}");

    public string? TagCategoryName => null;

    public string? Attributes => null;
}
