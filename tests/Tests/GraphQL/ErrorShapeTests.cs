using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// How failures reach the clients: validation errors and query resolver failures answer 200 with <c>errors</c> and no
/// partial data (Py16 and New break on partial data); a refused mutation answers the status of its refusal (400, 403,
/// 404); transient cluster failures answer 503 so clients retry (docs/protocol/graphql.md#refused-mutations).
/// </summary>
public sealed class ErrorShapeTests
{
    [Theory]
    [InlineData("{ viewer { id noSuchField } }")]
    [InlineData("{ project(name: \"p\", noSuchArgument: 1) { id } }")]
    [InlineData("mutation { upsertBucket(input: {name: \"r\", noSuchInputField: 1}) { inserted } }")]
    [InlineData("mutation { createArtifact(input: {digestAlgorithm: SHA1}) { artifact { id } } }")]
    public async Task Unknown_names_fail_validation_without_data(string query)
    {
        var (status, body) = await GraphQLRunner.RunAsync(query, new FakeCluster((_, _, _) => null));

        Assert.Equal(200, status);
        Assert.False(body.TryGetProperty("data", out _));
        Assert.NotEqual(0, body.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task A_failing_resolver_fails_the_whole_request_and_drops_the_other_fields()
    {
        var (status, body) = await GraphQLRunner.RunAsync(
            "{ serverInfo { features { name } } project(name: \"p\", entityName: \"e\") { run(name: \"r\") { logLines { edges { cursor } } } } }",
            new FakeCluster((grain, method, _) => (grain.Name, method) switch
            {
                (_, "GetProjectAccessAsync") => Orleans.Wandb.Contracts.Accounts.AccessLevel.Read,
                (nameof(Orleans.Wandb.Contracts.Admin.IClientVersionPolicyGrain), "GetAsync") => Orleans.Wandb.Contracts.Admin.ClientVersionPolicy.Default,
                (nameof(Orleans.Wandb.Contracts.Runs.IRunGrain), "GetAsync") => new Orleans.Wandb.Contracts.Runs.RunInfo { Entity = "e", Project = "p", Name = "r" },
                (_, "GetAsync") => new Orleans.Wandb.Contracts.Projects.ProjectInfo { Entity = "e", Name = "p" },
                _ => null,
            }));

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Contains("not supported", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unexpected_grain_failure_is_a_whole_request_error_without_internals()
    {
        var (status, body) = await GraphQLRunner.RunAsync(
            "{ viewer { entity } project(name: \"p\") { id } }", GraphQLRunner.Failing(new InvalidOperationException("secret detail")));

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        var message = body.GetProperty("errors")[0].GetProperty("message").GetString();
        Assert.DoesNotContain("secret detail", message);
    }

    [Fact]
    public async Task An_unavailable_silo_answers_503_so_clients_retry()
    {
        var (status, body) = await GraphQLRunner.RunAsync(
            "{ project(name: \"p\") { id } }", GraphQLRunner.Failing(new SiloUnavailableException("down")));

        Assert.Equal(503, status);
        Assert.NotEqual(0, body.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task A_grain_timeout_answers_503()
    {
        var (status, _) = await GraphQLRunner.RunAsync(
            "{ project(name: \"p\") { id } }", GraphQLRunner.Failing(new TimeoutException("slow")));

        Assert.Equal(503, status);
    }

    [Fact]
    public async Task A_grain_state_written_by_another_activation_answers_503()
    {
        var (status, _) = await GraphQLRunner.RunAsync(
            "{ project(name: \"p\") { id } }", GraphQLRunner.Failing(new InconsistentStateException("stale etag")));

        Assert.Equal(503, status);
    }

    [Fact]
    public async Task Writing_to_a_foreign_entity_is_a_whole_request_permission_error_with_status_403()
    {
        var cluster = new FakeCluster((grain, method, _) => method switch
        {
            "GetProjectAccessAsync" => Orleans.Wandb.Contracts.Accounts.AccessLevel.None,
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });

        var (status, body) = await GraphQLRunner.RunAsync(
            "mutation { upsertBucket(input: {name: \"r1\", modelName: \"p\", entityName: \"acme\"}) { inserted } }", cluster);

        Assert.Equal(403, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Contains("acme", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_invalid_run_name_is_refused_with_400_and_an_error_naming_the_problem()
    {
        var (status, body) = await GraphQLRunner.RunAsync(
            "mutation { upsertBucket(input: {name: \"a/b\", modelName: \"p\"}) { inserted } }", new FakeCluster((_, _, _) => true));

        Assert.Equal(400, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Contains("run name", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_mutation_a_grain_refuses_answers_400_with_the_grains_message_so_clients_give_up_instead_of_reading_200()
    {
        var (status, body) = await GraphQLRunner.RunAsync(
            "mutation { upsertBucket(input: {name: \"r1\", modelName: \"p\"}) { inserted } }",
            GraphQLRunner.Failing(new ArgumentException("The run's config holds at most 10000 keys.")));

        Assert.Equal(400, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Equal("The run's config holds at most 10000 keys.", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_mutation_naming_a_run_that_does_not_exist_answers_404()
    {
        var cluster = new FakeCluster((grain, method, _) => method switch
        {
            "GetProjectAccessAsync" => Orleans.Wandb.Contracts.Accounts.AccessLevel.Write,
            "FindRunAsync" => null,
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });

        var (status, body) = await GraphQLRunner.RunAsync(
            "mutation($id: ID) { stopRun(input: {id: $id}) { success } }", cluster, $$"""{"id": "{{RelayIds.Run(42)}}"}""");

        Assert.Equal(404, status);
        Assert.Contains("was not found", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }
}
