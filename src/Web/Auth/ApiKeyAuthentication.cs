using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Web.Auth;

/// <summary>
/// Reads W&amp;B credentials: HTTP Basic with the API key as password (the user part is ignored: clients send
/// "api" or, from netrc, "user"), or a Bearer token carrying the key. Resolves the key through the directory grain.
/// A request without a key may instead carry the web app's session cookie (<see cref="Session.SessionAuthentication"/>).
/// </summary>
public static class ApiKeyAuthentication
{
    /// <summary>Authenticates the request; returns the user, or null when credentials are missing or wrong.</summary>
    public static async ValueTask<UserIdentity?> AuthenticateAsync(HttpContext context, IGrainFactory grains)
    {
        if (context.GetUser() is { } known)
        {
            return known;
        }

        var key = ReadApiKey(context.Request);
        if (key is null)
        {
            return await Session.SessionAuthentication.AuthenticateAsync(context, grains);
        }

        // An access token from the identity-token exchange (POST /oidc/token) goes where an API key goes.
        var user = Identity.AccessTokens.LooksLikeToken(key)
            ? context.RequestServices.GetService(typeof(Identity.AccessTokens)) is Identity.AccessTokens tokens ? await tokens.AuthenticateAsync(key, grains) : null
            : await grains.Directory().AuthenticateAsync(key);
        if (user is not null)
        {
            context.SetUser(user);
        }

        return user;
    }

    /// <summary>The API key carried by the Authorization header, if any.</summary>
    public static string? ReadApiKey(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) ||
            string.IsNullOrEmpty(header.Parameter))
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':');
        var key = colon >= 0 ? decoded[(colon + 1)..] : decoded;
        return key.Length == 0 ? null : key;
    }
}
