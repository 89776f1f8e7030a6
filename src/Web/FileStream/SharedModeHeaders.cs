using Microsoft.AspNetCore.Http;

namespace Orleans.Wandb.Web.FileStream;

/// <summary>
/// The headers of a shared-mode writer (several processes logging to one run): the Go core sends
/// <c>X-WANDB-USE-ASYNC-FILESTREAM: true</c> and its random <c>X-WANDB-ASYNC-CLIENT-ID</c> on every file_stream
/// request (wandb v0.28.2 core/internal/stream/stream_init.go:NewFileStream).
/// </summary>
public static class SharedModeHeaders
{
    /// <summary>Says the writer's offsets are its own and the server appends.</summary>
    public const string UseAsyncFileStream = "X-WANDB-USE-ASYNC-FILESTREAM";

    /// <summary>The writer's id, 32 random alphanumerics from the Go core (core/internal/sharedmode/clientid.go).</summary>
    public const string AsyncClientId = "X-WANDB-ASYNC-CLIENT-ID";

    /// <summary>The longest writer id accepted: each one is kept in the run's state.</summary>
    public const int MaxClientIdLength = 128;

    /// <summary>
    /// The writer id when the request is from a shared-mode writer, null for an ordinary run process; throws
    /// <see cref="FileStreamFormatException"/> when the id is missing or not a short token.
    /// </summary>
    public static string? WriterId(HttpRequest request)
    {
        if (!string.Equals(request.Headers[UseAsyncFileStream].ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var id = request.Headers[AsyncClientId].ToString();
        if (id.Length == 0)
        {
            throw new FileStreamFormatException($"{UseAsyncFileStream} needs an {AsyncClientId} header naming the writer.");
        }

        if (id.Length > MaxClientIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new FileStreamFormatException(
                $"{AsyncClientId} must be at most {MaxClientIdLength} letters, digits, '-', '_' or '.'.");
        }

        return id;
    }
}
