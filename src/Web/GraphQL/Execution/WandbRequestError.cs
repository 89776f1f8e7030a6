using GraphQL;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// A GraphQL error whose message is meant for the user (bad names, permission refused, unsupported
/// operation). Answered with HTTP 200 as a whole-request error; the clients print the message.
/// </summary>
public sealed class WandbRequestError : ExecutionError
{
    public WandbRequestError(string message)
        : base(message)
    {
        Code = "BAD_REQUEST";
    }

    /// <summary>The error for features whose types are in the schema but whose behaviour is a later issue.</summary>
    public static WandbRequestError NotSupported(string what) =>
        new($"{what} is not supported by this server yet.");

    /// <summary>The error for a write to an entity the caller does not belong to.</summary>
    public static WandbRequestError PermissionDenied(string username, string entity) =>
        new($"Permission denied: user '{username}' cannot write to entity '{entity}'.");
}
