using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Identity;

/// <summary>
/// A test-owned identity-token issuer: an RSA key whose public half is served as a JWKS over HTTP on 127.0.0.1 (as
/// GitHub Actions, GitLab or a Kubernetes cluster publish theirs), and that signs the JWTs jobs would present.
/// </summary>
public sealed class JwksServer : IDisposable
{
    public const string Issuer = "https://identity.example.invalid";
    public const string Audience = "orleans-wandb-tests";

    private readonly HttpListener _listener = new();
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly Task _serving;

    public JwksServer()
    {
        var port = FreePorts.Next();
        JwksUrl = $"http://127.0.0.1:{port}/jwks.json";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string JwksUrl { get; }

    /// <summary>How many times the JWKS was fetched.</summary>
    public int Fetches { get; private set; }

    /// <summary>The server settings that trust this issuer, matching users by the <c>email</c> claim.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["IdentityTokens:Issuers:0:Issuer"] = Issuer,
        ["IdentityTokens:Issuers:0:JwksUrl"] = JwksUrl,
        ["IdentityTokens:Issuers:0:Audience"] = Audience,
        ["IdentityTokens:Issuers:0:UserClaim"] = "email",
        ["IdentityTokens:Issuers:0:MatchBy"] = "email",
    };

    /// <summary>A JWT as the issuer would sign it; every part can be changed to make a bad one.</summary>
    public string Sign(string email, string issuer = Issuer, string audience = Audience, TimeSpan? expiresIn = null, RSA? otherKey = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        var issued = expires < now ? expires.AddMinutes(-5) : now;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["email"] = email, ["sub"] = "job-" + email },
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(otherKey ?? _rsa) { KeyId = "test-key-1" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task ServeAsync()
    {
        var key = _rsa.ExportParameters(includePrivateParameters: false);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["kid"] = "test-key-1", ["use"] = "sig", ["alg"] = "RS256",
                ["n"] = Base64UrlEncoder.Encode(key.Modulus), ["e"] = Base64UrlEncoder.Encode(key.Exponent),
            }),
        }.ToJsonString();
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Fetches++;
            var bytes = Encoding.UTF8.GetBytes(jwks);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _rsa.Dispose();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
