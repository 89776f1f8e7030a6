using GraphQLParser;
using GraphQLParser.AST;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// The documents the reference quotes (newest clients, public API, admin, sweeps, artifacts) validate too, so a
/// client generation that was not captured is not rejected by schema drift.
/// </summary>
public sealed class ReferenceDocumentValidationTests
{
    [Fact]
    public void At_least_forty_reference_documents_are_in_the_repository()
    {
        Assert.True(ReferenceDocuments.FromReference().Count >= 40);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Reference_document_validates(string label)
    {
        var query = ReferenceDocuments.Inline.TryGetValue(label, out var inline) ? inline : ReferenceDocuments.FromReference()[label];

        // Some blocks hold several operations sharing fragments; each is sent on its own, so validate each.
        foreach (var operation in Parser.Parse(query).Definitions.OfType<GraphQLOperationDefinition>())
        {
            var errors = await GraphQLTestSchema.ValidateAsync(query, operation.Name?.Value.ToString(), checkVariableValues: false);
            Assert.True(errors.Count == 0, $"{label} / {operation.Name?.Value.ToString()}: {string.Join("; ", errors)}");
        }
    }

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var label in ReferenceDocuments.FromReference().Keys.Concat(ReferenceDocuments.Inline.Keys))
        {
            data.Add(label);
        }

        return data;
    }
}
