using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Scim;

/// <summary>An identity provider's SCIM requests: JSON bodies as <c>application/scim+json</c>, the key as a Bearer token.</summary>
public sealed class ScimClient(WandbAppFactory app, string? apiKey, string prefix = "/scim/v2")
{
    public async Task<(HttpStatusCode Status, JsonObject? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, prefix + path);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/scim+json");
        }

        var response = await app.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject, response);
    }

    public async Task<JsonObject> OkAsync(HttpMethod method, string path, string? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, json, response) = await SendAsync(method, path, body);
        using (response)
        {
            Assert.True(status == expected, $"{method} {path}: {(int)status} {json?.ToJsonString()}");
            Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
            return json!;
        }
    }

    public static string Filter(string filter) => "filter=" + Uri.EscapeDataString(filter);

    public static string UserBody(string userName, string email, bool? active = null) => new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
        ["userName"] = userName,
        ["name"] = new JsonObject { ["givenName"] = "Given", ["familyName"] = "Family" },
        ["emails"] = new JsonArray(new JsonObject { ["primary"] = true, ["value"] = email, ["type"] = "work" }),
        ["active"] = active,
    }.ToJsonString();

    public static string Patch(params JsonObject[] operations) => new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
        ["Operations"] = new JsonArray(operations.Select(o => (JsonNode)o).ToArray()),
    }.ToJsonString();
}
