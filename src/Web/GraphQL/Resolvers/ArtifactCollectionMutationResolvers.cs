using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// <c>ArtifactCollection.save()</c> (wandb v0.28.2 wandb/apis/public/artifacts.py): <c>updateArtifactSequence</c> (name,
/// description), <c>moveArtifactSequence</c> (type) and the collection tags
/// (<c>createArtifactCollectionTagAssignments</c>, <c>deleteArtifactCollectionTagAssignments</c>). Each needs Write in
/// the collection's project; a collection the caller may not read is answered as a missing one.
/// </summary>
internal static class ArtifactCollectionMutationResolvers
{
    public static void Register(TypeSettings types)
    {
        types.For("Mutation")
            .ResolveAsync("updateArtifactSequence", UpdateAsync)
            .ResolveAsync("moveArtifactSequence", MoveAsync)
            .ResolveAsync("createArtifactCollectionTagAssignments", context => ChangeTagsAsync(context, adding: true))
            .ResolveAsync("deleteArtifactCollectionTagAssignments", context => ChangeTagsAsync(context, adding: false));
    }

    private static async Task<object?> UpdateAsync(IResolveFieldContext context)
    {
        var input = context.Input();
        var (wandb, collection) = await WritableByIdAsync(context, input.String("artifactSequenceID"));
        var updated = await ArtifactAccess.Collection(wandb, collection.Entity, collection.Project, collection.Name)
            .UpdateAsync(new ArtifactCollectionEdit { Name = input.String("name"), Description = input.String("description") });
        return new ArtifactCollectionPayload(ArtifactCollectionNode.Of(updated), input.String("clientMutationId"));
    }

    private static async Task<object?> MoveAsync(IResolveFieldContext context)
    {
        var input = context.Input();
        var (wandb, collection) = await WritableByIdAsync(context, input.String("artifactSequenceID"));
        var typeName = input.String("destinationArtifactTypeName");
        Access.EnsureValidName(typeName, "artifact type");
        var moved = await ArtifactAccess.Collection(wandb, collection.Entity, collection.Project, collection.Name)
            .UpdateAsync(new ArtifactCollectionEdit { TypeName = typeName });
        return new ArtifactCollectionPayload(ArtifactCollectionNode.Of(moved), input.String("clientMutationId"));
    }

    private static async Task<object?> ChangeTagsAsync(IResolveFieldContext context, bool adding)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var entity = input.String("entityName");
        var project = input.String("projectName");
        var name = input.String("artifactCollectionName");
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(project, "project");
        Access.EnsureValidName(name, "artifact collection");
        var collection = await ArtifactAccess.Registry(wandb).GetCollectionAsync(entity!, project!, name!);
        if (collection is null || !await wandb.CanReadAsync(collection.Entity, collection.Project))
        {
            throw new WandbRequestError($"Artifact collection \"{name}\" was not found.", 404);
        }

        await Access.EnsureCanWriteAsync(wandb, collection.Entity, collection.Project);
        var tags = (input.TryGetValue("tags", out var value) && value is IEnumerable<object?> list ? list : [])
            .OfType<IDictionary<string, object?>>()
            .Select(tag => tag.String("tagName") ?? "")
            .ToList();
        var grain = ArtifactAccess.Collection(wandb, collection.Entity, collection.Project, collection.Name);
        var now = adding ? await grain.ChangeTagsAsync(tags, []) : await grain.ChangeTagsAsync([], tags);
        return new TagAssignmentsPayload(now.Select(tag => new TagNode(collection.Id, tag)).ToList(), true, input.String("clientMutationID"));
    }

    private static async Task<(WandbGraphQLContext Wandb, ArtifactCollectionInfo Collection)> WritableByIdAsync(IResolveFieldContext context, string? id)
    {
        var wandb = context.Wandb();
        var collection = RelayIds.TryDecodeNumber(id, ArtifactIds.CollectionType, out var collectionId)
            ? await ArtifactAccess.Registry(wandb).GetCollectionByIdAsync(collectionId)
            : null;
        if (collection is null || !await wandb.CanReadAsync(collection.Entity, collection.Project))
        {
            throw new WandbRequestError($"Artifact collection \"{id}\" was not found.", 404);
        }

        await Access.EnsureCanWriteAsync(wandb, collection.Entity, collection.Project);
        return (wandb, collection);
    }
}
