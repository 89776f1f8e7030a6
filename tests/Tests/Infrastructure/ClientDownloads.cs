using System.Net.Http.Headers;
using System.Text;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// Downloads the way the W&amp;B clients make them. In the cluster profile the server answers keyed downloads with a
/// redirect to a signed blob-store URL; the clients follow it to the other host without their credentials.
/// </summary>
public static class ClientDownloads
{
    /// <summary>Reaches URLs outside the server under test (the blob store's signed URLs); follows no redirects.</summary>
    public static HttpClient Network { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>
    /// GETs a server path with an API key (or none); a redirect to an absolute URL is followed over the network
    /// without the credentials, keeping the <c>Range</c>. <paramref name="server"/> must not follow redirects itself.
    /// </summary>
    public static async Task<HttpResponseMessage> GetFollowingRedirectAsync(HttpClient server, string path, string? apiKey, RangeHeaderValue? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = apiKey is null ? null : Basic(apiKey);
        request.Headers.Range = range;
        var response = await server.SendAsync(request);
        if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { IsAbsoluteUri: true } location)
        {
            return response;
        }

        response.Dispose();
        var redirected = new HttpRequestMessage(HttpMethod.Get, location);
        redirected.Headers.Range = range;
        return await Network.SendAsync(redirected);
    }

    /// <summary>Basic <c>api:&lt;key&gt;</c>, as the clients send their API key.</summary>
    public static AuthenticationHeaderValue Basic(string apiKey) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey)));
}
