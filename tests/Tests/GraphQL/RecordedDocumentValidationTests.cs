namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// Schema fidelity against real clients: any unknown field, argument, input field, enum value or variable type
/// would fail a whole request in production (docs/protocol/graphql.md#schema-fidelity, docs/protocol/graphql.md#pitfalls).
/// </summary>
public sealed class RecordedDocumentValidationTests
{
    [Fact]
    public void All_292_recorded_GraphQL_requests_are_found_in_the_fixtures()
    {
        Assert.Equal(292, RecordedGraphQLRequests.All.Count);
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
