using Microsoft.AspNetCore.Http;

namespace Orleans.Wandb.Web.Session;

/// <summary>
/// The session cookie and the CSRF rule that goes with it. The cookie is HttpOnly (scripts cannot read it) and
/// SameSite=Strict (other sites' pages never send it); on top of that every state-changing request authenticated by
/// it must carry <see cref="CsrfHeader"/>, which a cross-site form cannot set and a cross-site script cannot send
/// without a CORS preflight this server never grants.
/// </summary>
public static class SessionCookie
{
    public const string Name = "wandb_session";

    /// <summary>The header the web app sends with every request that is not a plain read.</summary>
    public const string CsrfHeader = "X-Wandb-Csrf";

    /// <summary>Sets the cookie for a new or renewed session.</summary>
    public static void Write(HttpContext context, string token, DateTimeOffset expires) =>
        context.Response.Cookies.Append(Name, token, Options(context, expires));

    /// <summary>Removes the cookie (logout).</summary>
    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context, expires: null));

    /// <summary>
    /// True when a cookie-authenticated request may proceed: reads (GET/HEAD, except GraphQL, where a GET may carry
    /// a mutation) need nothing, everything else needs the CSRF header.
    /// </summary>
    public static bool IsCsrfSafe(HttpRequest request)
    {
        var plainRead = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
                        !request.Path.StartsWithSegments("/graphql", StringComparison.OrdinalIgnoreCase);
        return plainRead || request.Headers[CsrfHeader] == "1";
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
        Expires = expires,
        IsEssential = true,
    };
}
