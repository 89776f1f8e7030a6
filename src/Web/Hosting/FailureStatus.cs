using System.Data.Common;
using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.Hosting;

/// <summary>
/// Maps failures from grains and storage onto HTTP statuses that make the W&amp;B clients do the right thing:
/// 400 for data that is truly invalid (clients drop it), 503 for anything transient (clients retry), 500 for
/// a server bug (clients retry too, and the log says what broke).
/// </summary>
public static partial class FailureStatus
{
    /// <summary>The status for an exception thrown while serving a request, and a message safe to show.</summary>
    public static (int Status, string Message) Classify(Exception exception) => exception switch
    {
        BodyTooLargeException => (413, exception.Message),
        _ when UserMessage(exception) is { } message => (400, message),
        _ when IsTransient(exception) => (503, "The server cannot store this right now; retry later."),
        _ => (500, "Internal server error; the server log has the details."),
    };

    /// <summary>
    /// The status of a refused mutation (docs/protocol/graphql.md#refused-mutations): a resolver's own refusal keeps the
    /// status it names (<paramref name="named"/>, e.g. 403 or 404) and is 400 when it names none; a grain's refusal of the
    /// caller's input (<see cref="UserMessage"/>) is 400, a transient failure 503. Anything else is a bug, answered as
    /// every GraphQL bug is: 200 with a generic error.
    /// </summary>
    public static int MutationStatus(Exception? exception, int? named) => named switch
    {
        > 200 => named.Value,
        200 => StatusCodes.Status400BadRequest,
        _ when exception is null => StatusCodes.Status200OK,
        _ when exception is BodyTooLargeException => StatusCodes.Status413PayloadTooLarge,
        _ when UserMessage(exception) is not null => StatusCodes.Status400BadRequest,
        _ when IsTransient(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status200OK,
    };

    /// <summary>The message of failures caused by the caller's input, which the client should show; null otherwise.</summary>
    public static string? UserMessage(Exception exception) => exception switch
    {
        ArgumentException => WithoutParameterName(exception.Message),
        InvalidRunDataException or FormatException or UploadMismatchException or CapExceededException => exception.Message,
        _ => null,
    };

    /// <summary>
    /// An <see cref="ArgumentException"/>'s message as a person reads it: .NET appends " (Parameter 'newPassword')",
    /// which a password form showed as is (issue #15); it survives a grain call inside the message text.
    /// </summary>
    public static string WithoutParameterName(string message) => ParameterSuffix().Replace(message, string.Empty);

    [System.Text.RegularExpressions.GeneratedRegex(@" \(Parameter '[^']*'\)$")]
    private static partial System.Text.RegularExpressions.Regex ParameterSuffix();

    /// <summary>
    /// Failures a retry can fix: the cluster or a storage backend is briefly unreachable, or a grain's state was
    /// written by another activation (Orleans deactivates the one that saw it, so the retry meets a fresh one).
    /// </summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StorageUnavailableException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                or InconsistentStateException or SocketException)
            {
                return true;
            }

            // Orleans' own ADO.NET providers (membership, grain state, reminders on MySQL) rethrow the driver's
            // exception, wrapped by Orleans ("Error from storage provider …"), not our StorageUnavailableException:
            // during a database outage these answered 200 with an error inside or 500, which no client retries.
            // The driver says itself whether an error is transient (MySqlConnector: cannot connect, too many
            // connections, deadlock, lock wait); a lost connection shows as an I/O failure beneath it.
            if (current is DbException database
                && (database.IsTransient || database.InnerException is IOException or SocketException or TimeoutException))
            {
                return true;
            }

            // The Azure SDK (blob store) says what the service answered: no answer at all (Status 0: refused, reset,
            // timed out), a timeout, throttling or a server error are the service being briefly unavailable. Its 4xx
            // (a missing container, a bad key) are configuration errors and stay 500s; the 404/409/412 a store
            // expects are handled where they occur.
            if (current is RequestFailedException { Status: 0 or 408 or 429 or >= 500 })
            {
                return true;
            }

            // Something inside the server gave up waiting (the blob SDK's network timeout, a driver's command timeout).
            // A cancellation because the caller went away never gets here: handlers check RequestAborted first.
            if (current is OperationCanceledException)
            {
                return true;
            }

            // A dependency reached over HTTP (the blob service, an identity provider's keys) could not be reached.
            if (current is HttpRequestException { StatusCode: null })
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient))
            {
                return true;
            }
        }

        return false;
    }
}
