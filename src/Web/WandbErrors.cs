using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Orleans.Wandb.Web;

/// <summary>
/// Error bodies in the shape every W&amp;B client understands: <c>{"errors":[{"message":"..."}]}</c>, plus a
/// top-level <c>error</c> string that the newest clients also read.
/// </summary>
public static class WandbErrors
{
    /// <summary>
    /// The message for a request without a valid API key; it tells the user what to do, as the W&amp;B server's does.
    /// </summary>
    public const string Unauthorized = "Invalid or missing API key: run `wandb login --host=<this server>` or set WANDB_API_KEY to a valid key.";

    // Relaxed escaping: messages quote names and values as the user typed them ('<', '&', '+' stay readable).
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A result with the status code and the message in W&amp;B's error shape.</summary>
    public static IResult Result(int statusCode, string message) =>
        Results.Json(Body(message), Json, contentType: "application/json", statusCode: statusCode);

    /// <summary>The error body as a serialisable object.</summary>
    public static object Body(string message) => new Dictionary<string, object>
    {
        ["errors"] = new[] { new Dictionary<string, string> { ["message"] = message } },
        ["error"] = message,
    };

    /// <summary>Writes the error directly to the response (for middleware).</summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(Body(message), Json));
    }
}
