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

    /// <summary>A parsed value written back as JSON text.</summary>
    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);
}
