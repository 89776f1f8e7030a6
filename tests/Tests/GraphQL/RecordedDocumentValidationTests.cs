using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// Schema fidelity against real clients: any unknown field, argument, input field, enum value or variable type
/// would fail a whole request in production (docs/protocol/graphql.md#schema-fidelity, docs/protocol/graphql.md#pitfalls).
/// </summary>
public sealed class RecordedDocumentValidationTests
{
    [Fact]
    public void Every_recorded_GraphQL_request_in_the_fixtures_is_validated()
    {
        // Counted from the fixture text itself, so a new recording adds its rows without editing this test.
        var recorded = Directory.GetFiles(RepoPaths.Fixtures, "*.jsonl")
            .Sum(path => File.ReadLines(path).Count(line => line.Contains("\"path\": \"/graphql\"", StringComparison.Ordinal)));

        Assert.True(recorded >= 290, $"only {recorded} recorded GraphQL requests found in {RepoPaths.Fixtures}");
        Assert.Equal(recorded, RecordedGraphQLRequests.All.Count);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Recorded_document_validates_with_its_recorded_variables(string file, int seq)
    {
        var request = RecordedGraphQLRequests.Find(file, seq);

        var errors = await GraphQLTestSchema.ValidateAsync(
            request.Query, request.OperationName, GraphQLTestSchema.ReadVariables(request.VariablesJson));

        Assert.True(errors.Count == 0, $"{file} seq {seq} ({request.Operation}): {string.Join("; ", errors)}");
    }

    public static TheoryData<string, int> Requests() => RecordedGraphQLRequests.Keys();
}
