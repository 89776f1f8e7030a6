using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Web.Artifacts;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.GraphQL;

/// <summary>
/// The HTTP side of <c>/graphql</c>: authenticate (every request, probes included: 401 otherwise, except an anonymous
/// sign-up, <see cref="AnonymousSignup"/>), bound and parse
/// the body (413, 400), execute, and write <c>application/json</c> with unescaped text (the clients compare
/// JSONString contents verbatim).
/// </summary>
public sealed class GraphQLHttpHandler(
    WandbGraphQLExecutor executor,
    IGrainFactory grains,
    RunFileUrls fileUrls,
    ArtifactUrls artifactUrls,
    PublicUrls publicUrls,
    IOptions<ServerOptions> serverOptions,
    ILogger<GraphQLHttpHandler> logger)
{
    /// <summary>Also used by tests to read answers exactly as clients do.</summary>
    public static GraphQLSerializer Serializer { get; } = new(options =>
    {
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
    });

    public async Task HandleAsync(HttpContext context)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null && !HttpMethods.IsPost(context.Request.Method))
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
            return;
        }

        var (request, problem, status) = HttpMethods.IsGet(context.Request.Method)
            ? ReadQueryString(context.Request)
            : await ReadBodyAsync(context);
        if (user is null)
        {
            // Without a key only an anonymous sign-up runs, as nobody (AnonymousSignup); everything else is 401 as before.
            if (request is null || !AnonymousSignup.IsOnly(request))
            {
                await RejectAsync(context, StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
                return;
            }

            user = AnonymousSignup.Caller;
        }

        if (request is null)
        {
            await RejectAsync(context, status, problem!);
            return;
        }

        var wandbContext = new WandbGraphQLContext(context, user, grains, fileUrls, artifactUrls, publicUrls, logger);
        var outcome = await executor.ExecuteAsync(request.Query!, request.OperationName, request.Variables, wandbContext, context.RequestAborted);
        if (outcome.Result is null)
        {
            await RejectAsync(context, outcome.StatusCode, outcome.ErrorMessage ?? "Request failed.");
            return;
        }

        context.Response.StatusCode = outcome.StatusCode;
        context.Response.ContentType = "application/json";
        await Serializer.WriteAsync(context.Response.Body, outcome.Result, context.RequestAborted);
    }

    private async Task<(GraphQLRequest? Request, string? Problem, int Status)> ReadBodyAsync(HttpContext context)
    {
        PooledBody body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, serverOptions.Value.MaxGraphQLBytes, context.RequestAborted);
        }
        catch (BodyTooLargeException ex)
        {
            return (null, ex.Message, StatusCodes.Status413PayloadTooLarge);
        }
        catch (InvalidDataException ex)
        {
            return (null, $"The request body could not be decompressed: {ex.Message}", StatusCodes.Status400BadRequest);
        }

        using (body)
        {
            if (body.Length == 0)
            {
                return (null, "The request body is empty; send {\"query\": \"...\", \"variables\": {...}}.", StatusCodes.Status400BadRequest);
            }

            try
            {
                return Validate(Serializer.Deserialize<GraphQLRequest>(Encoding.UTF8.GetString(body.Span)));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
            {
                return (null, $"The request body is not a valid GraphQL request: {ex.Message}", StatusCodes.Status400BadRequest);
            }
        }
    }

    private static (GraphQLRequest? Request, string? Problem, int Status) ReadQueryString(HttpRequest httpRequest)
    {
        Inputs? variables = null;
        if (httpRequest.Query["variables"].ToString() is { Length: > 0 } json)
        {
            try
            {
                variables = Serializer.Deserialize<Inputs>(json);
            }
            catch (JsonException ex)
            {
                return (null, $"The 'variables' parameter is not a JSON object: {ex.Message}", StatusCodes.Status400BadRequest);
            }
        }

        return Validate(new GraphQLRequest
        {
            Query = httpRequest.Query["query"].ToString(),
            OperationName = httpRequest.Query["operationName"].ToString(),
            Variables = variables,
        });
    }

    private static (GraphQLRequest? Request, string? Problem, int Status) Validate(GraphQLRequest? request) =>
        string.IsNullOrWhiteSpace(request?.Query)
            ? (null, "The request has no 'query': send {\"query\": \"...\", \"variables\": {...}}.", StatusCodes.Status400BadRequest)
            : (request, null, StatusCodes.Status200OK);

    private Task RejectAsync(HttpContext context, int statusCode, string message)
    {
        GraphQLLog.Rejected(logger, statusCode, message);
        return WandbErrors.WriteAsync(context, statusCode, message);
    }
}
