using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>A browser-like client of the web app: keeps the session cookie, and sends the CSRF header unless told not to.</summary>
public sealed class AppSession(HttpClient http)
{
    public const string CsrfHeader = "X-Wandb-Csrf";

    public HttpClient Http => http;

    public static AppSession Create(WandbAppFactory app) => new(app.CreateClient());

    public Task<HttpResponseMessage> LoginAsync(string login, string password, bool csrf = true) =>
        SendAsync(HttpMethod.Post, "/api/session/login", new { login, password }, csrf);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool csrf = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (csrf)
        {
            request.Headers.Add(CsrfHeader, "1");
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    public async Task<JsonNode?> JsonAsync(HttpMethod method, string path, object? body = null, bool csrf = true)
    {
        using var response = await SendAsync(method, path, body, csrf);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>A GraphQL request on the session cookie; returns the status and the body.</summary>
    public async Task<(int Status, JsonNode? Body)> GraphQLAsync(string query, bool csrf = true)
    {
        using var response = await SendAsync(HttpMethod.Post, "/graphql", new { query, variables = new { } }, csrf);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Basic auth with an API key, as the W&amp;B clients send it.</summary>
    public static AuthenticationHeaderValue ApiKeyHeader(string key) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + key)));
}
