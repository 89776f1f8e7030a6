using GraphQL;
using Microsoft.AspNetCore.Http;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>What to answer: the HTTP status and either a GraphQL result or a W&amp;B error message.</summary>
public sealed record GraphQLOutcome(int StatusCode, ExecutionResult? Result, string? ErrorMessage)
{
    public static GraphQLOutcome Ok(ExecutionResult result) => new(StatusCodes.Status200OK, result, null);

    public static GraphQLOutcome Error(int statusCode, string message) => new(statusCode, null, message);

    /// <summary>A GraphQL result answered with a status other than 200 (e.g. 403 for a refused write).</summary>
    public static GraphQLOutcome WithStatus(int statusCode, ExecutionResult result) => new(statusCode, result, null);
}
