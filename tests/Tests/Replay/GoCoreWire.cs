using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// Sends a Go core fixture line the way the core does: GraphQL and file_stream with Basic <c>api:&lt;key&gt;</c> and the
/// recorded headers (shared mode's client ids among them), file_stream gzipped (the server advertises
/// <c>FILESTREAM_GZIP</c>), storage requests without credentials to the URL the server handed out.
/// </summary>
public static class GoCoreWire
{
    // Upload and download URLs of the cluster profile point at the blob store itself, not at the server.
    private static readonly HttpClient Direct = new();

    /// <summary>POSTs <paramref name="body"/> (the recorded one, or one with our ids) and returns <c>data</c>; fails on any error.</summary>
    public static async Task<JsonNode> GraphQLAsync(ServerProcess server, RecordedRequest request, JsonNode? body = null)
    {
        using var post = Authorized(server, HttpMethod.Post, "/graphql", request);
        post.Content = new StringContent((body ?? request.Body!).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await server.Http.SendAsync(post);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{Where(request)}: {(int)response.StatusCode} {text}");
        var answer = JsonNode.Parse(text)!;
        Assert.True(answer["errors"] is null && answer["data"] is not null, $"{Where(request)}: {text}");
        return answer["data"]!;
    }

    /// <summary>POSTs a file_stream line gzipped with its recorded headers; checks the answer is the JSON object the core reads.</summary>
    public static async Task FileStreamAsync(ServerProcess server, RecordedRequest request)
    {
        using var post = Authorized(server, HttpMethod.Post, request.Path, request);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(request.Body!.ToJsonString()));
        }

        post.Content = new ByteArrayContent(buffer.ToArray());
        post.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        post.Content.Headers.ContentEncoding.Add("gzip");
        using var response = await server.Http.SendAsync(post);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{Where(request)}: {(int)response.StatusCode} {text}");
        Assert.True(JsonNode.Parse(text)!.AsObject().ContainsKey("exitcode"), $"{Where(request)}: {text}");
    }

    /// <summary>PUTs bytes to an upload URL the server answered, with the headers it asked for plus <paramref name="extra"/>.</summary>
    public static async Task<HttpResponseMessage> PutAsync(
        ServerProcess server, string url, byte[] bytes, IEnumerable<string> uploadHeaders, IReadOnlyDictionary<string, string>? extra = null)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        foreach (var header in uploadHeaders)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            Add(put, header[..colon], header[(colon + 1)..]);
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            Add(put, name, value);
        }

        return await ClientFor(server, url).SendAsync(put);
    }

    /// <summary>GETs a <c>directUrl</c> without credentials, as the core's downloader does.</summary>
    public static async Task<byte[]> GetAsync(ServerProcess server, string url)
    {
        using var response = await ClientFor(server, url).GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    public static string Where(RecordedRequest request) => $"seq {request.Seq} {request.Method} {request.Path} ({request.Operation})";

    private static HttpClient ClientFor(ServerProcess server, string url) =>
        Uri.IsWellFormedUriString(url, UriKind.Absolute) ? Direct : server.Http;

    private static HttpRequestMessage Authorized(ServerProcess server, HttpMethod method, string path, RecordedRequest request)
    {
        var message = new HttpRequestMessage(method, path);
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.ApiKey)));
        foreach (var (name, value) in request.Headers)
        {
            if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
            }
        }

        return message;
    }

    private static void Add(HttpRequestMessage message, string name, string value)
    {
        if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            if (value.Length > 0)
            {
                message.Content!.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        else
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
