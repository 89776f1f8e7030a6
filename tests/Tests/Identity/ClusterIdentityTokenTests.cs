using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Identity;

/// <summary>
/// Identity-token login on a 2-silo cluster: an access token one silo hands out works on the other (jobs reach any
/// silo behind the load balancer), and deactivation, stored in MySQL, ends it on both.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterIdentityTokenTests(ClusterIdentityTokenTests.Server app) : IClassFixture<ClusterIdentityTokenTests.Server>
{
    [Fact]
    public async Task An_access_token_from_one_silo_works_on_the_other_until_the_user_is_deactivated()
    {
        var peer = app.Factory.Peers[0].Http;
        var fromThisSilo = await ExchangeAsync(app.Factory.CreateClient(), app.Issuer.Sign("idc-ada@example.test"));
        var fromPeer = await ExchangeAsync(peer, app.Issuer.Sign("idc-ada@example.test"));

        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(peer, fromThisSilo));
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(app.Factory.CreateClient(), fromPeer));

        using (var deactivate = await app.Factory.CreateAdminClient().SendAsync(HttpMethod.Post, $"/api/admin/users/{Orleans.Wandb.Web.GraphQL.Execution.RelayIds.Token(app.AdaId)}/deactivate", "{}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deactivate.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await ViewerStatusAsync(app.Factory.CreateClient(), fromPeer));
    }

    private static async Task<string> ExchangeAsync(HttpClient http, string identityToken)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=" + Uri.EscapeDataString(identityToken)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await http.PostAsync("/oidc/token", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    private static async Task<HttpStatusCode> ViewerStatusAsync(HttpClient http, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query": "{ viewer { username } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The issuer, and a 2-silo cluster trusting it with user idc-ada.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public JwksServer Issuer { get; } = new();

        public WandbAppFactory Factory { get; private set; } = null!;

        public long AdaId { get; private set; }

        public async Task InitializeAsync()
        {
            Factory = await WandbAppFactory.StartClusterAsync(silos: 2, Issuer.Settings());
            AdaId = (await TestUsers.CreateAsync(Factory, "idc-ada")).User.Id;
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            Issuer.Dispose();
            return Task.CompletedTask;
        }
    }
}
