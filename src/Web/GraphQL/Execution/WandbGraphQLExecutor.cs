using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Web.GraphQL.Limits;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// Executes one GraphQL request against the W&amp;B schema and decides the answer's shape:
/// <list type="bullet">
/// <item>validation errors: HTTP 200 with <c>errors</c> and no <c>data</c>;</item>
/// <item>any resolver error: a whole-request error, <c>data: null</c> (partial data breaks Py16 and New);</item>
/// <item>an unavailable silo, storage backend or a timeout: HTTP 503, which every client retries;</item>
/// <item>a document that asks for more work than <see cref="DocumentLimits"/> allows: HTTP 400 before validation.</item>
/// </list>
/// </summary>
public sealed class WandbGraphQLExecutor(ISchema schema, DocumentCache cache, DocumentLimits limits, ILogger<WandbGraphQLExecutor> logger)
{
    /// <summary>
    /// The standard rules minus "no unused variables/fragments": some clients build documents by string
    /// substitution and leave unused declarations behind (docs/protocol/graphql.md#request-envelope).
    /// </summary>
    public static IReadOnlyList<IValidationRule> ValidationRules { get; } = DocumentValidator.CoreRules
        .Where(rule => rule is not NoUnusedVariables and not NoUnusedFragments)
        .ToList();

    private static readonly IValidationRule[] NoRules = [];

    private readonly DocumentExecuter _executer = new();

    public ISchema Schema => schema;

    public async Task<GraphQLOutcome> ExecuteAsync(
        string query, string? operationName, Inputs? variables, WandbGraphQLContext? context, CancellationToken cancellationToken)
    {
        var cached = cache.Get(query);
        var document = cached;
        if (cached is null)
        {
            (document, var refusal) = limits.Check(query);
            if (refusal is not null)
            {
                return GraphQLOutcome.Error(StatusCodes.Status400BadRequest, refusal);
            }
        }

        var options = new ExecutionOptions
        {
            Schema = schema,
            // A document the limits could not parse goes to the executer as text, which answers the syntax error.
            Query = document is null ? query : null,
            Document = document,
            // Missing, null and "" all mean "the single operation" (New's public API sends "").
            OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
            Variables = variables,
            UserContext = context ?? new Dictionary<string, object?>(),
            ValidationRules = cached is null ? ValidationRules : NoRules,
            CancellationToken = cancellationToken,
            ThrowOnUnhandledException = false,
            UnhandledExceptionDelegate = exceptionContext =>
            {
                var failure = exceptionContext.OriginalException;
                if (!IsTransient(failure) && UserMessage(failure) is null)
                {
                    GraphQLLog.ResolverFailed(
                        logger, failure, operationName, exceptionContext.FieldContext is { } field ? string.Join('.', field.ResponsePath) : "(document)");
                }

                exceptionContext.ErrorMessage = UserMessage(failure) ?? "Internal server error while answering the request.";
                return Task.CompletedTask;
            },
        };

        var result = await _executer.ExecuteAsync(options);
        if (cached is null && result.Executed && result.Document is not null)
        {
            cache.Add(query, result.Document);
        }

        if (result.Errors is not { Count: > 0 } errors)
        {
            return GraphQLOutcome.Ok(result);
        }

        if (errors.Select(error => error.InnerException).FirstOrDefault(IsTransient) is { } transient)
        {
            GraphQLLog.Unavailable(logger, transient, operationName);
            return GraphQLOutcome.Error(StatusCodes.Status503ServiceUnavailable, "The server is temporarily unavailable; please retry.");
        }

        if (!result.Executed)
        {
            return GraphQLOutcome.Ok(result);
        }

        // Whole-request error: the clients fail on partial data, so drop it and keep only the errors. A request past
        // one of the server's caps answers 400, like every other surface, so no client mistakes it for a passing state.
        // A refused mutation answers the status of its refusal (FailureStatus.MutationStatus): the clients decide on the
        // status (retry 5xx, give up on 4xx, look for 404 and 409), and a write must never look like it half passed.
        var whole = new ExecutionResult { Executed = true, Data = null, Errors = errors };
        var status = result.Operation?.Operation == GraphQLParser.AST.OperationType.Mutation
            ? errors.Select(e => FailureStatus.MutationStatus(e.InnerException, (e as WandbRequestError)?.HttpStatus)).Max()
            : errors.OfType<WandbRequestError>().Select(e => e.HttpStatus)
                .Concat(errors.Where(e => e.InnerException is CapExceededException).Select(_ => StatusCodes.Status400BadRequest))
                .DefaultIfEmpty(StatusCodes.Status200OK).Max();
        return status == StatusCodes.Status200OK ? GraphQLOutcome.Ok(whole) : GraphQLOutcome.WithStatus(status, whole);
    }

    /// <summary>Failures a retry can fix (see <see cref="FailureStatus"/>).</summary>
    public static bool IsTransient(Exception? exception) => FailureStatus.IsTransient(exception);

    private static string? UserMessage(Exception exception) => FailureStatus.UserMessage(exception);
}
