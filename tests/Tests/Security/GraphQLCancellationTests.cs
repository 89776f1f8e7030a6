using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Tests.GraphQL;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Limits;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11 item 4: the reviewer's bomb kept a core busy for minutes after the client left. Execution is tied to the
/// request: once the client is gone (ASP.NET Core cancels <c>RequestAborted</c>), no resolver asks a grain for anything.
/// </summary>
public sealed class GraphQLCancellationTests
{
    private const string ProjectQuery = """query { project(name: "p", entityName: "e") { id name } }""";

    [Fact]
    public async Task A_request_whose_client_has_left_stops_before_any_grain_is_asked()
    {
        var calls = 0;
        var cluster = new FakeCluster((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return null;
        });
        using var clientLeft = new CancellationTokenSource();
        await clientLeft.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor().ExecuteAsync(ProjectQuery, null, null, cluster.Context(), clientLeft.Token));

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task The_same_request_from_a_client_still_waiting_asks_the_grains()
    {
        var calls = 0;
        var cluster = new FakeCluster((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return null;
        });

        var outcome = await Executor().ExecuteAsync(ProjectQuery, null, null, cluster.Context(), CancellationToken.None);

        Assert.Equal(200, outcome.StatusCode);
        Assert.True(calls > 0);
    }

    private static WandbGraphQLExecutor Executor() => new(
        GraphQLTestSchema.Schema, new DocumentCache(), new DocumentLimits(Options.Create(new GraphQLLimitsOptions())), NullLogger<WandbGraphQLExecutor>.Instance);
}
