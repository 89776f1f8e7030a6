using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Identity;

/// <summary>
/// Identity-token login as the 0.28 Go core does it (<c>core/internal/api/credentials.go</c>): a job presents a JWT
/// from a trusted issuer to <c>POST /oidc/token</c> and sends the access token it gets back as a Bearer credential
/// wherever an API key goes. The issuer is real: a test-owned RSA key whose JWKS is served over HTTP on 127.0.0.1.
/// </summary>
public sealed class IdentityTokenExchangeTests(IdentityTokenExchangeTests.Server app) : IClassFixture<IdentityTokenExchangeTests.Server>
{
    [Fact]
    public async Task The_go_cores_exact_exchange_answers_an_access_token_that_works_where_an_api_key_does()
    {
        var (status, body) = await ExchangeAsync(app.Issuer.Sign("idt-ada@example.test"));

        Assert.Equal(HttpStatusCode.OK, status);
        var token = body["access_token"]!.GetValue<string>();
        Assert.InRange(body["expires_in"]!.GetValue<int>(), 60, 3600);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal("idt-ada", await ViewerAsync(token));
        var audit = await app.Factory.CreateAdminClient().QueryAsync("{ auditLog(first: 50) { action target detail } }");
        Assert.Contains(audit["auditLog"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "token.exchange" && e["target"]!.GetValue<string>() == "user/idt-ada");
    }

    [Fact]
    public async Task Expired_wrong_audience_untrusted_forged_or_unmatched_tokens_get_401_saying_why()
    {
        using var stranger = RSA.Create(2048);
        var cases = new (string Token, string Says)[]
        {
            (app.Issuer.Sign("idt-ada@example.test", expiresIn: TimeSpan.FromMinutes(-10)), "expired"),
            (app.Issuer.Sign("idt-ada@example.test", audience: "someone-else"), "audience"),
            (app.Issuer.Sign("idt-ada@example.test", issuer: "https://evil.example.invalid"), "not trusted"),
            (app.Issuer.Sign("idt-ada@example.test", otherKey: stranger), "signature"),
            (app.Issuer.Sign("nobody@example.test"), "No active user"),
            ("not-a-jwt", "not a JWT"),
        };

        foreach (var (token, says) in cases)
        {
            var (status, body) = await ExchangeAsync(token);
            Assert.True(status == HttpStatusCode.Unauthorized, $"{says}: {(int)status} {body.ToJsonString()}");
            Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
            Assert.Contains(says, body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var audit = await app.Factory.CreateAdminClient().QueryAsync("{ auditLog(first: 50) { action } }");
        Assert.Contains(audit["auditLog"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "token.exchange.failed");
    }

    [Fact]
    public async Task A_request_that_is_not_the_jwt_bearer_grant_is_refused_with_400()
    {
        var wrongGrant = await PostFormAsync("grant_type=client_credentials&assertion=x");
        var noAssertion = await PostFormAsync("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer");
        using var json = await app.Factory.CreateClient().PostAsync("/oidc/token", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (wrongGrant.Status, wrongGrant.Body["error"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (noAssertion.Status, noAssertion.Body["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
    }

    [Fact]
    public async Task Deactivating_the_user_ends_their_access_token_at_once_and_refuses_new_exchanges()
    {
        var (_, body) = await ExchangeAsync(app.Issuer.Sign("idt-leaver@example.test"));
        var token = body["access_token"]!.GetValue<string>();
        Assert.Equal("idt-leaver", await ViewerAsync(token));

        using (var deactivate = await app.Factory.CreateAdminClient().SendAsync(HttpMethod.Post, $"/api/admin/users/{Orleans.Wandb.Web.GraphQL.Execution.RelayIds.Token(app.LeaverId)}/deactivate", "{}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deactivate.StatusCode);
        }

        Assert.Null(await ViewerAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ExchangeAsync(app.Issuer.Sign("idt-leaver@example.test"))).Status);
    }

    [Fact]
    public async Task An_access_token_altered_or_signed_by_anyone_else_is_refused()
    {
        var (_, body) = await ExchangeAsync(app.Issuer.Sign("idt-ada@example.test"));
        var parts = body["access_token"]!.GetValue<string>().Split('.');
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])))!.AsObject();
        claims["sub"] = "1";
        var altered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(claims.ToJsonString())}.{parts[2]}";

        Assert.Null(await ViewerAsync(altered));
        Assert.Null(await ViewerAsync(app.Issuer.Sign("idt-ada@example.test")));
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> ExchangeAsync(string identityToken) =>
        await PostFormAsync("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=" + Uri.EscapeDataString(identityToken));

    /// <summary>The request exactly as the Go core builds it: a pre-encoded form body and its content type, no credentials.</summary>
    private async Task<(HttpStatusCode Status, JsonObject Body)> PostFormAsync(string form)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(form));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await app.Factory.CreateClient().PostAsync("/oidc/token", content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>The username <c>viewer</c> answers for the token as a Bearer credential; null when it is refused (401).</summary>
    private async Task<string?> ViewerAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query": "{ viewer { username } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await app.Factory.CreateClient().SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["data"]!["viewer"]?["username"]?.GetValue<string>();
    }

    /// <summary>The issuer, and a server trusting it with users idt-ada and idt-leaver.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public JwksServer Issuer { get; } = new();

        public WandbAppFactory Factory { get; private set; } = null!;

        public long LeaverId { get; private set; }

        public async Task InitializeAsync()
        {
            Factory = new WandbAppFactory(Issuer.Settings());
            await TestUsers.CreateAsync(Factory, "idt-ada");
            LeaverId = (await TestUsers.CreateAsync(Factory, "idt-leaver")).User.Id;
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            Issuer.Dispose();
            return Task.CompletedTask;
        }
    }
}
