using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.Auth;

namespace Orleans.Wandb.Web.Session;

/// <summary>
/// Authenticates a request by its session cookie, so the web app can call the same API routes as the clients
/// (<c>/graphql</c>, <c>/api/v1/charts</c>, file downloads) with the same permission checks.
/// </summary>
public static class SessionAuthentication
{
    /// <summary>
    /// The user of a valid session whose password need not be changed, on a request that passes the CSRF rule
    /// (<see cref="SessionCookie.IsCsrfSafe"/>); null otherwise.
    /// </summary>
    public static async ValueTask<UserIdentity?> AuthenticateAsync(HttpContext context, IGrainFactory grains)
    {
        var session = await ReadAsync(context);
        if (session is not { MustChangePassword: false } || !SessionCookie.IsCsrfSafe(context.Request))
        {
            return null;
        }

        // Deactivation ended the session already (it advances the stamp); the flag is checked too, as for keys.
        if (await grains.Directory().GetUserAsync(session.Value.UserId) is not { Deactivated: false } user)
        {
            return null;
        }

        context.SetUser(user);
        return user;
    }

    /// <summary>
    /// The session the cookie carries, or null. Validated: signature and expiry, and the user's session stamp — a
    /// session issued before a logout, a password change or a reset is over.
    /// </summary>
    public static async Task<(long UserId, bool MustChangePassword)?> ReadAsync(HttpContext context)
    {
        if (!context.Request.Cookies.ContainsKey(SessionCookie.Name) ||
            context.RequestServices.GetService<SessionTokens>() is null)
        {
            return null;
        }

        var result = await context.AuthenticateAsync(SessionTokens.Scheme);
        if (!result.Succeeded || SessionTokens.Read(result.Principal) is not { } session)
        {
            return null;
        }

        var current = await context.RequestServices.GetRequiredService<IGrainFactory>().Directory().GetSessionStampAsync(session.UserId);
        return session.Stamp == current ? (session.UserId, session.MustChangePassword) : null;
    }
}
