using GraphQL;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// A GraphQL error whose message is meant for the user (bad names, permission refused, unsupported
/// operation). Answered as a whole-request error, with HTTP 200 unless <see cref="HttpStatus"/> says
/// otherwise; the clients print the message.
/// </summary>
public sealed class WandbRequestError : ExecutionError
{
    public WandbRequestError(string message, int httpStatus = 200)
        : base(message)
    {
        Code = httpStatus == 403 ? "PERMISSION_ERROR" : "BAD_REQUEST";
        HttpStatus = httpStatus;
    }

    /// <summary>The HTTP status of the whole answer when this error is in it.</summary>
    public int HttpStatus { get; }

    /// <summary>
    /// The error for something a mutation names that does not exist or that the caller may not read (which looks the
    /// same, docs/architecture.md "How refusals look"): HTTP 404, final for every client.
    /// </summary>
    public static WandbRequestError NotFound(string message) => new(message, 404);

    /// <summary>The error for features whose types are in the schema but whose behaviour is a later issue.</summary>
    public static WandbRequestError NotSupported(string what) =>
        new($"{what} is not supported by this server yet.");

    /// <summary>
    /// The error for a write to an entity the caller does not belong to: HTTP 403, which every client treats as
    /// final (no retries) and reports with this message.
    /// </summary>
    public static WandbRequestError PermissionDenied(string username, string entity) =>
        new($"Permission denied: user '{username}' cannot write to entity '{entity}'.", 403);
}
