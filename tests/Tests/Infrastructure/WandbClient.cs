using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>Speaks to a server the way the W&amp;B clients do: GraphQL and file_stream with Basic <c>api:&lt;key&gt;</c>.</summary>
public sealed class WandbClient(HttpClient http, string? apiKey)
{
    public HttpClient Http => http;

    /// <summary>Sends a GraphQL document; returns the status and the parsed body.</summary>
    public async Task<(int Status, JsonNode? Body)> GraphQLAsync(string query, object? variables = null)
    {
        var payload = JsonSerializer.Serialize(new { query, variables = variables ?? new { } });
        using var response = await SendAsync(HttpMethod.Post, "/graphql", payload);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Sends a GraphQL document and returns its <c>data</c>, failing on any error.</summary>
    public async Task<JsonNode> QueryAsync(string query, object? variables = null)
    {
        var (status, body) = await GraphQLAsync(query, variables);
        if (status != 200 || body?["errors"] is not null || body?["data"] is null)
        {
            throw new InvalidOperationException($"GraphQL failed ({status}): {body?.ToJsonString()}");
        }

        return body["data"]!;
    }

    /// <summary>POSTs a raw file_stream body for a run.</summary>
    public async Task<(int Status, string Body)> FileStreamAsync(string entity, string project, string run, string body)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/files/{entity}/{project}/{run}/file_stream", body);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POSTs a file_stream body as a shared-mode writer does: with the async headers and its client id.</summary>
    public async Task<(int Status, string Body)> SharedFileStreamAsync(string entity, string project, string run, string writerId, string body)
    {
        using var request = Request(HttpMethod.Post, $"/files/{entity}/{project}/{run}/file_stream", body, "application/json");
        request.Headers.Add("X-WANDB-USE-ASYNC-FILESTREAM", "true");
        request.Headers.Add("X-WANDB-ASYNC-CLIENT-ID", writerId);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string contentType = "application/json")
    {
        using var request = Request(method, path, body, contentType);
        return await http.SendAsync(request);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? body, string contentType)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey)));
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return request;
    }
}
