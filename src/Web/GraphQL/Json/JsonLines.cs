using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Wandb.Web.GraphQL.Json;

/// <summary>Writes the JSON texts the endpoint returns inside JSONString fields.</summary>
public static class JsonLines
{
    /// <summary>
    /// Unescaped output (clients read the text back verbatim), and non-finite numbers as "NaN"/"Infinity" strings
    /// so every client's JSON parser accepts the text.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A JSON array of strings: each stored line, verbatim (<c>historyTail</c>, <c>eventsTail</c>).</summary>
    public static string ToJsonArray(IReadOnlyList<string> lines) => JsonSerializer.Serialize(lines, Options);

    /// <summary>
    /// <c>historyTail</c>: the stored lines, or one empty row for a run that never logged history. Both client
    /// generations read the last element as an object: 0.16.6 parses the list and then calls <c>.get("_step")</c>
    /// on the last row, or on the empty list itself when there is none, which raises outside its error handling
    /// (wandb v0.16.6 wandb/sdk/internal/sender.py:SendManager._setup_resume); the Go core accepts an empty list and
    /// an empty object alike (wandb v0.28.2 core/internal/runbranch/processresponse.go:processHistory). An empty row
    /// carries no <c>_step</c> or <c>_runtime</c>, so both start the resumed run at step 0 with no runtime, as they
    /// would for an empty tail; <c>historyLineCount</c> stays 0.
    /// </summary>
    public static string ToHistoryTail(IReadOnlyList<string> lines) => lines.Count == 0 ? NoHistoryTail : ToJsonArray(lines);

    private const string NoHistoryTail = "[\"{}\"]";

    /// <summary>A parsed value written back as JSON text.</summary>
    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);
}
