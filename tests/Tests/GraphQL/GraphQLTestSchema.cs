using GraphQL;
using GraphQL.Instrumentation;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;
using GraphQLParser;
using GraphQLParser.AST;
using Orleans.Wandb.Web.GraphQL;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>The production schema, built once, and document validation exactly as the endpoint runs it.</summary>
internal static class GraphQLTestSchema
{
    public static ISchema Schema { get; } = WandbSchema.Create();

    /// <summary>Parses and validates a document with its variables; returns the error messages (none when valid).</summary>
    /// <remarks>
    /// Without <paramref name="checkVariableValues"/>, missing values for declared variables are not errors: used for
    /// documents quoted without their variables.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> ValidateAsync(
        string query, string? operationName = null, Inputs? variables = null, bool checkVariableValues = true)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException ex)
        {
            return [$"syntax: {ex.Message}"];
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = string.IsNullOrEmpty(operationName)
            ? operations.Single()
            : operations.Single(candidate => candidate.Name?.Value.ToString() == operationName);
        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = Schema,
            Document = document,
            Operation = operation,
            Rules = WandbGraphQLExecutor.ValidationRules,
            Variables = variables ?? Inputs.Empty,
            Extensions = Inputs.Empty,
            UserContext = new Dictionary<string, object?>(),
            Metrics = Metrics.None,
        });
        return result.Errors
            .Where(error => checkVariableValues || error is not InvalidVariableError)
            .Select(error => error.Message)
            .ToList();
    }

    /// <summary>Variables as the endpoint reads them from a request body.</summary>
    public static Inputs? ReadVariables(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : GraphQLHttpHandler.Serializer.Deserialize<Inputs>(json);
}
