using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Identity;

/// <summary>
/// <c>POST /oidc/token</c>: the token exchange of the 0.28+ clients' identity-token login (RFC 7523's JWT bearer
/// grant). The client posts <c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&amp;assertion=&lt;JWT&gt;</c>
/// as a form, reads <c>access_token</c> and <c>expires_in</c>, and sends the access token as a Bearer credential
/// wherever an API key goes. The JWT must come from a trusted issuer (<see cref="IdentityTokenOptions"/>), carry this
/// server's audience, be unexpired and name an active user; every refusal is a 401 with an OAuth error body whose
/// <c>error_description</c> says which check failed (the client shows it and does not retry 4xx). Every exchange,
/// accepted or refused, is in the audit log.
/// </summary>
public static partial class IdentityTokenEndpoints
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>Largest form accepted (identity tokens are a few KB).</summary>
    private const int MaxFormBytes = 64 * 1024;

    /// <summary>Registers the trusted issuers' options, their key cache and the access tokens.</summary>
    public static IServiceCollection AddWandbIdentityTokens(this IServiceCollection services)
    {
        services.AddOptions<IdentityTokenOptions>().BindConfiguration(IdentityTokenOptions.SectionName)
            .Validate(o => o.AccessTokenLifetime >= TimeSpan.FromMinutes(1) && o.AccessTokenLifetime <= TimeSpan.FromDays(1), "IdentityTokens:AccessTokenLifetime must be between 1 minute and 1 day")
            .Validate(o => o.Issuers.All(i => i.Issuer.Length > 0 && i.Audience.Length > 0 && (!string.IsNullOrEmpty(i.JwksUrl) || !string.IsNullOrEmpty(i.JwksFile))),
                "Each IdentityTokens:Issuers entry needs Issuer, Audience and JwksUrl or JwksFile")
            .Validate(o => o.Issuers.All(i => i.MatchBy is "email" or "username"), "IdentityTokens:Issuers:*:MatchBy is email or username")
            .ValidateOnStart();
        services.AddSingleton<IssuerKeys>();
        services.AddSingleton<AccessTokens>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityTokens(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/oidc/token", ExchangeFormAsync).WithName("OidcTokenExchange").DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<IResult> ExchangeFormAsync(
        HttpContext context, IGrainFactory grains, IOptions<IdentityTokenOptions> options, IssuerKeys keys, AccessTokens tokens, ILoggerFactory loggers)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (context.Request.ContentLength > MaxFormBytes)
        {
            return OAuthError(StatusCodes.Status413PayloadTooLarge, "invalid_request", $"The request is larger than {MaxFormBytes} bytes.");
        }

        if (!context.Request.HasFormContentType)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "Post the exchange as application/x-www-form-urlencoded.");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxFormBytes, KeyLengthLimit = 64, ValueCountLimit = 16 }, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "The form cannot be read: " + e.Message);
        }

        if (form["grant_type"] != GrantType)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type", $"grant_type must be {GrantType}.");
        }

        if (form["assertion"].ToString() is not { Length: > 0 } assertion)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "assertion (the identity token) is missing.");
        }

        try
        {
            return await ExchangeAsync(context, grains, options.Value, keys, tokens, assertion, address);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, message) = FailureStatus.Classify(e);
            LogFailed(loggers.CreateLogger(typeof(IdentityTokenEndpoints)), e);
            return OAuthError(status >= 500 ? StatusCodes.Status503ServiceUnavailable : status, "temporarily_unavailable", message);
        }
    }

    private static async Task<IResult> ExchangeAsync(
        HttpContext context, IGrainFactory grains, IdentityTokenOptions options, IssuerKeys keys, AccessTokens tokens, string assertion, string? address)
    {
        async Task<IResult> RefuseAsync(string target, string description)
        {
            await grains.AuditLog().AppendAsync(new Actor(0, address), "token.exchange.failed", target, description);
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_grant", description);
        }

        JsonWebToken unverified;
        try
        {
            unverified = assertion.Length <= 16 * 1024 ? new JsonWebToken(assertion) : throw new ArgumentException("too long");
        }
        catch (ArgumentException)
        {
            return await RefuseAsync("token/(unreadable)", "The identity token is not a JWT.");
        }

        var issuer = options.Issuers.FirstOrDefault(i => string.Equals(i.Issuer, unverified.Issuer, StringComparison.Ordinal));
        if (issuer is null)
        {
            return await RefuseAsync($"issuer/{Shorten(unverified.Issuer)}", $"The identity token's issuer '{Shorten(unverified.Issuer)}' is not trusted by this server.");
        }

        var signingKeys = await keys.GetAsync(issuer, unverified.Kid, context.RequestAborted);
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = issuer.Audience,
            IssuerSigningKeys = signingKeys,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid)
        {
            var description = result.Exception switch
            {
                SecurityTokenExpiredException => "The identity token has expired: supply a fresh one.",
                SecurityTokenInvalidAudienceException => $"The identity token's audience is not this server's ('{issuer.Audience}').",
                SecurityTokenNotYetValidException => "The identity token is not valid yet.",
                SecurityTokenNoExpirationException => "The identity token has no expiry (exp).",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => $"The identity token's signature is not from a key of '{issuer.Issuer}'.",
                _ => "The identity token is not valid: " + (result.Exception?.Message ?? "unknown reason") + ".",
            };
            return await RefuseAsync($"issuer/{issuer.Issuer}", description);
        }

        var name = result.Claims.TryGetValue(issuer.UserClaim, out var claim) ? claim as string : null;
        var userId = string.IsNullOrWhiteSpace(name) || name.Length > 256 ? null : await FindUserAsync(grains, issuer, name);
        if (userId is null || await grains.Directory().GetUserAsync(userId.Value) is not { Deactivated: false } user)
        {
            return await RefuseAsync($"issuer/{issuer.Issuer}", $"No active user of this server matches the identity token's {issuer.UserClaim} '{Shorten(name)}'.");
        }

        var (token, expiresIn) = tokens.Issue(user, options.AccessTokenLifetime);
        await grains.AuditLog().AppendAsync(new Actor(user.Id, address), "token.exchange", $"user/{user.Username}", $"issuer={issuer.Issuer}");
        return Results.Json(new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = expiresIn });
    }

    private static async Task<long?> FindUserAsync(IGrainFactory grains, TrustedIssuer issuer, string name)
    {
        // ResolveLogin reads a name with '@' as an email and any other as a username: matching by the other kind is refused.
        var byEmail = string.Equals(issuer.MatchBy, "email", StringComparison.OrdinalIgnoreCase);
        return byEmail == name.Contains('@') ? await grains.Accounts().ResolveLoginAsync(name) : null;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity token exchange failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
