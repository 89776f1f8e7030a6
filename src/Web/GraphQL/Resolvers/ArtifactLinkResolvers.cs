using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Linking versions into portfolios (docs/protocol/artifacts.md#linking): <c>linkArtifact</c>
/// (<c>run.link_artifact</c>, <c>artifact.link</c>, <c>run.link_model</c>), <c>unlinkArtifact</c> (<c>artifact.unlink()</c>),
/// <c>updateArtifactPortfolio</c> and <c>deleteArtifactPortfolio</c>. Linking needs Read on the version and Write in
/// the portfolio's project; the others need Write in the portfolio's project. A version or portfolio the caller may
/// not read is answered as a missing one (404).
/// </summary>
internal static class ArtifactLinkResolvers
{
    public static void Register(TypeSettings types)
    {
        types.For("Mutation")
            .ResolveAsync("linkArtifact", LinkAsync)
            .ResolveAsync("unlinkArtifact", UnlinkAsync)
            .ResolveAsync("updateArtifactPortfolio", UpdatePortfolioAsync)
            .ResolveAsync("deleteArtifactPortfolio", DeletePortfolioAsync);

        types.For("UnlinkArtifactPayload")
            .Resolve<UnlinkArtifactPayload>("artifactID", payload => payload.ArtifactId);
    }

    private static async Task<object?> LinkAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await LinkedVersionAsync(wandb, input);

        string entity, project, portfolio;
        if (input.String("artifactPortfolioID") is { Length: > 0 } portfolioId)
        {
            var existing = await ReadablePortfolioAsync(wandb, portfolioId);
            (entity, project, portfolio) = (existing.Entity, existing.Project, existing.Name);
        }
        else
        {
            entity = Access.EntityOrDefault(wandb, input.String("entityName"));
            project = Access.ProjectOrDefault(input.String("projectName"));
            portfolio = input.String("artifactPortfolioName") ?? "";
            Access.EnsureValidName(entity, "entity");
            Access.EnsureValidName(project, "project");
            Access.EnsureValidName(portfolio, "portfolio");
        }

        await Access.EnsureCanWriteAsync(wandb, entity, project);
        if (!await wandb.Directory.EntityExistsAsync(entity))
        {
            throw WandbRequestError.NotFound($"Entity '{entity}' was not found.");
        }

        await wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).EnsureAsync(wandb.User.Id);
        var aliases = AliasInputs(input)
            .Where(alias => alias.Collection is null || alias.Collection == portfolio)
            .Select(alias => alias.Alias)
            .ToList();
        var link = await ArtifactAccess.Collection(wandb, entity, project, portfolio).LinkAsync(version.Id, aliases, wandb.User.Id);
        return new LinkArtifactPayload(link.VersionIndex, new ArtifactMembershipNode(ArtifactNode.Of(link)), input.String("clientMutationId"));
    }

    private static async Task<object?> UnlinkAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var artifactId = input.String("artifactID");
        var portfolio = await ReadablePortfolioAsync(wandb, input.String("artifactPortfolioID"));
        await Access.EnsureCanWriteAsync(wandb, portfolio.Entity, portfolio.Project);
        if (ArtifactAccess.DecodeArtifactId(artifactId) is not { } id
            || !await ArtifactAccess.Collection(wandb, portfolio.Entity, portfolio.Project, portfolio.Name).UnlinkAsync(id))
        {
            throw WandbRequestError.NotFound($"Artifact '{artifactId}' is not linked to \"{portfolio.Name}\".");
        }

        return new UnlinkArtifactPayload(artifactId!, true, input.String("clientMutationId"));
    }

    private static async Task<object?> UpdatePortfolioAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var portfolio = await ReadablePortfolioAsync(wandb, input.String("artifactPortfolioID"));
        await Access.EnsureCanWriteAsync(wandb, portfolio.Entity, portfolio.Project);
        var updated = await ArtifactAccess.Collection(wandb, portfolio.Entity, portfolio.Project, portfolio.Name)
            .UpdateAsync(new ArtifactCollectionEdit { Name = input.String("name"), Description = input.String("description") });
        return new ArtifactCollectionPayload(ArtifactCollectionNode.Of(updated), input.String("clientMutationId"));
    }

    private static async Task<object?> DeletePortfolioAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var portfolio = await ReadablePortfolioAsync(wandb, input.String("artifactPortfolioID"));
        await Access.EnsureCanWriteAsync(wandb, portfolio.Entity, portfolio.Project);
        await ArtifactAccess.Collection(wandb, portfolio.Entity, portfolio.Project, portfolio.Name).DeleteAsync();
        return new ArtifactCollectionPayload(ArtifactCollectionNode.Of(portfolio) with { State = ArtifactStates.Deleted }, input.String("clientMutationId"));
    }

    /// <summary>The version to link: by server id, else by the client id of a version logged moments ago; it must be readable.</summary>
    private static async Task<ArtifactVersion> LinkedVersionAsync(WandbGraphQLContext wandb, IDictionary<string, object?> input)
    {
        var artifactId = input.String("artifactID");
        ArtifactVersion? version = null;
        if (!string.IsNullOrEmpty(artifactId))
        {
            version = await ArtifactAccess.FindReadableAsync(wandb, artifactId);
        }
        else if (input.String("clientID") is { Length: > 0 } clientId
                 && await ArtifactAccess.Registry(wandb).FindByClientIdAsync(clientId) is { IsCollection: false } match
                 && await ArtifactAccess.Registry(wandb).GetAsync(match.Id) is { } byClient)
        {
            version = (await ArtifactAccess.ReadableNodeAsync(wandb, byClient))?.Version;
        }

        return version ?? throw WandbRequestError.NotFound($"Artifact '{artifactId ?? input.String("clientID")}' was not found.");
    }

    private static async Task<ArtifactCollectionInfo> ReadablePortfolioAsync(WandbGraphQLContext wandb, string? id)
    {
        var collection = RelayIds.TryDecodeNumber(id, ArtifactIds.CollectionType, out var collectionId)
            ? await ArtifactAccess.Registry(wandb).GetCollectionByIdAsync(collectionId)
            : null;
        if (collection is not { IsPortfolio: true } || !await wandb.CanReadAsync(collection.Entity, collection.Project))
        {
            throw WandbRequestError.NotFound($"Artifact portfolio '{id}' was not found.");
        }

        return collection;
    }

    private static IEnumerable<(string Alias, string? Collection)> AliasInputs(IDictionary<string, object?> input) =>
        (input.TryGetValue("aliases", out var value) && value is IEnumerable<object?> items ? items : [])
        .OfType<IDictionary<string, object?>>()
        .Where(alias => alias.String("alias") is { Length: > 0 })
        .Select(alias => (alias.String("alias")!, alias.String("artifactCollectionName")));
}
