using System.Text.Json;
using GraphQL;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Web.GraphQL.Limits;
using Orleans.Wandb.Web.GraphQL;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>Runs documents through the production executor and returns the status and the JSON clients would read.</summary>
internal static class GraphQLRunner
{
    public static async Task<(int Status, JsonElement Body)> RunAsync(
        string query, FakeCluster? cluster = null, string? variablesJson = null, string? operationName = null)
    {
        var executor = new WandbGraphQLExecutor(GraphQLTestSchema.Schema, new DocumentCache(), new DocumentLimits(Options.Create(new GraphQLLimitsOptions())), NullLogger<WandbGraphQLExecutor>.Instance);
        var outcome = await executor.ExecuteAsync(
            query, operationName, GraphQLTestSchema.ReadVariables(variablesJson), cluster?.Context(), CancellationToken.None);
        var json = outcome.Result is null
            ? JsonSerializer.Serialize(new { errors = new[] { new { message = outcome.ErrorMessage } } })
            : GraphQLHttpHandler.Serializer.Serialize(outcome.Result);
        return (outcome.StatusCode, JsonDocument.Parse(json).RootElement.Clone());
    }

    /// <summary>Grains that fail every call with <paramref name="failure"/>.</summary>
    public static FakeCluster Failing(Exception failure) => new((_, _, _) => throw failure);
}
