using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Web.GraphQL.Limits;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>Validated documents are reused by query text; invalid ones never enter the cache.</summary>
public sealed class DocumentCacheTests
{
    private readonly FakeCluster _cluster = new((_, _, _) => null);

    [Fact]
    public async Task A_valid_document_is_cached_and_answers_the_same_from_the_cache()
    {
        var cache = new DocumentCache();
        var executor = new WandbGraphQLExecutor(GraphQLTestSchema.Schema, cache, new DocumentLimits(Options.Create(new GraphQLLimitsOptions())), NullLogger<WandbGraphQLExecutor>.Instance);

        var first = await executor.ExecuteAsync("{ viewer { entity flags } }", null, null, _cluster.Context(), CancellationToken.None);
        var second = await executor.ExecuteAsync("{ viewer { entity flags } }", null, null, _cluster.Context(), CancellationToken.None);

        Assert.Equal(1, cache.Count);
        Assert.Equal(
            Orleans.Wandb.Web.GraphQL.GraphQLHttpHandler.Serializer.Serialize(first.Result),
            Orleans.Wandb.Web.GraphQL.GraphQLHttpHandler.Serializer.Serialize(second.Result));
    }

    [Fact]
    public async Task An_invalid_document_is_not_cached()
    {
        var cache = new DocumentCache();
        var executor = new WandbGraphQLExecutor(GraphQLTestSchema.Schema, cache, new DocumentLimits(Options.Create(new GraphQLLimitsOptions())), NullLogger<WandbGraphQLExecutor>.Instance);

        await executor.ExecuteAsync("{ viewer { noSuchField } }", null, null, _cluster.Context(), CancellationToken.None);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_full_cache_starts_over_instead_of_growing()
    {
        var cache = new DocumentCache(capacity: 2);
        var document = GraphQLParser.Parser.Parse("{ viewer { id } }");

        cache.Add("a", document);
        cache.Add("b", document);
        cache.Add("c", document);

        Assert.Equal(1, cache.Count);
        Assert.NotNull(cache.Get("c"));
    }
}
