using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>How the server answered one corpus document.</summary>
public enum CorpusOutcomeKind
{
    /// <summary>Data and no errors.</summary>
    Answers,

    /// <summary>A resolver refused with a clear client-facing error (not found, permission, bad input).</summary>
    ClearError,

    /// <summary>The feature's types are in the schema but the server answers "… is not supported by this server".</summary>
    NotSupported,

    /// <summary>The document does not validate against the schema (no data at all).</summary>
    FailsValidation,

    /// <summary>HTTP 5xx or an internal error: a bug.</summary>
    ServerError,
}

/// <summary>The classification of one answer, with the first error message for the report.</summary>
public sealed record CorpusOutcome(CorpusOutcomeKind Kind, string? Message)
{
    public static CorpusOutcome From(int status, JsonNode? body)
    {
        var message = body?["errors"]?[0]?["message"]?.GetValue<string>();
        if (status >= 500 || message?.StartsWith("Internal server error", StringComparison.Ordinal) == true)
        {
            return new(CorpusOutcomeKind.ServerError, $"HTTP {status}: {message}");
        }

        if (body is not JsonObject answer || !answer.ContainsKey("data"))
        {
            return new(CorpusOutcomeKind.FailsValidation, message ?? $"HTTP {status} without data");
        }

        if (message is null)
        {
            return new(CorpusOutcomeKind.Answers, null);
        }

        return message.Contains("is not supported by this server", StringComparison.Ordinal)
            ? new(CorpusOutcomeKind.NotSupported, message)
            : new(CorpusOutcomeKind.ClearError, message);
    }
}
