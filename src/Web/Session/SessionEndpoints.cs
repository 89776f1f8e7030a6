using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Session;

/// <summary>
/// Web app logins: <c>POST /api/session/login</c> (throttled, <see cref="LoginThrottle"/>) sets the session cookie, <c>GET /api/session</c>
/// says who is logged in (204 when nobody is), <c>POST /api/session/password</c> changes the password (the only thing a login with a
/// generated password may do) and <c>POST /api/session/logout</c> ends it. Every POST needs the CSRF header.
/// </summary>
public static partial class SessionEndpoints
{
    /// <summary>Longest password accepted at sign-in: hashing is the expensive part, so its input is bounded.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>Registers session tokens, their JwtBearer validation and the sign-in throttle.</summary>
    public static IServiceCollection AddWandbSessions(this IServiceCollection services)
    {
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.SigningKey), "Session:SigningKey must be set")
            .Validate(o => o.Lifetime > TimeSpan.Zero && o.LoginWindow > TimeSpan.Zero, "Session lifetimes must be positive")
            .ValidateOnStart();
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<LoginThrottle>();
        services.AddAuthentication().AddJwtBearer(SessionTokens.Scheme, _ => { });
        services.AddOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>(SessionTokens.Scheme)
            .Configure<SessionTokens>((jwt, tokens) => tokens.ConfigureValidation(jwt));
        return services;
    }

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/session/login", LoginAsync).WithName("SessionLogin").DisableAntiforgery();
        endpoints.MapPost("/api/session/logout", LogoutAsync).WithName("SessionLogout").DisableAntiforgery();
        endpoints.MapGet("/api/session", GetAsync).WithName("SessionGet");
        endpoints.MapPost("/api/session/password", ChangePasswordAsync).WithName("SessionPassword").DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> LoginAsync(
        HttpContext context, LoginRequest? request, IGrainFactory grains, SessionTokens tokens, LoginThrottle throttle,
        PublicUrls urls, ILoggerFactory loggers)
    {
        if (!SessionCookie.IsCsrfSafe(context.Request))
        {
            return CsrfProblem();
        }

        if (string.IsNullOrWhiteSpace(request?.Login) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Enter your email and password.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (request.Login.Length > LoginFailuresKey.MaxLoginLength || request.Password.Length > MaxPasswordLength)
        {
            return TypedResults.Problem(
                $"An email or username has at most {LoginFailuresKey.MaxLoginLength} characters, a password at most {MaxPasswordLength}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var logger = loggers.CreateLogger(typeof(SessionEndpoints));
        var client = context.Connection.RemoteIpAddress;
        var accountId = await grains.Accounts().ResolveLoginAsync(request.Login);
        var accountKey = accountId is { } id ? LoginFailuresKey.ForAccount(id) : LoginFailuresKey.ForUnknownLogin(request.Login);
        var retryAfter = await throttle.RetryAfterAsync(client, accountKey);
        if (retryAfter > TimeSpan.Zero)
        {
            LogLoginThrottled(logger, accountId, client?.ToString() ?? "unknown");
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem("Too many failed sign-ins; wait a minute and try again.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        var login = await grains.Accounts().VerifyLoginAsync(request.Login, request.Password);
        if (login is null)
        {
            await throttle.RecordFailureAsync(client, accountKey);
            var target = accountId is { } known && await grains.Directory().GetUserAsync(known) is { } user ? $"user/{user.Username}" : "user/(unknown)";
            LogLoginFailed(logger, target, accountId, client?.ToString() ?? "unknown");
            await grains.AuditLog().AppendAsync(new Actor(0, client?.ToString()), "session.sign-in.failed", target, null);
            return TypedResults.Problem("Wrong email or password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        await grains.AuditLog().AppendAsync(new Actor(login.User.Id, client?.ToString()), "session.sign-in", $"user/{login.User.Username}", null);

        var stamp = await grains.Directory().GetSessionStampAsync(login.User.Id);
        var (token, expires) = tokens.Issue(login.User, login.MustChangePassword, stamp);
        SessionCookie.Write(context, token, expires);
        return TypedResults.Ok(await ViewAsync(context, grains, urls, login.User, login.MustChangePassword));
    }

    /// <summary>Ends every session of the user (a copied cookie too, on every silo), then clears this one.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(HttpContext context, IGrainFactory grains)
    {
        if (!SessionCookie.IsCsrfSafe(context.Request))
        {
            return CsrfProblem();
        }

        if (await SessionAuthentication.ReadAsync(context) is { } session)
        {
            await grains.Directory().EndSessionsAsync(session.UserId);
        }

        SessionCookie.Clear(context);
        return TypedResults.NoContent();
    }

    /// <remarks>Nobody logged in is an ordinary answer here (the app's first question), not an error: 204.</remarks>
    internal static async Task<Results<Ok<SessionView>, NoContent>> GetAsync(
        HttpContext context, IGrainFactory grains, PublicUrls urls)
    {
        var session = await SessionAuthentication.ReadAsync(context);
        if (session is { } known)
        {
            var user = await grains.Directory().GetUserAsync(known.UserId);
            return user is null or { Deactivated: true } ? TypedResults.NoContent() : TypedResults.Ok(await ViewAsync(context, grains, urls, user, known.MustChangePassword));
        }

        // Scripts may ask with an API key too.
        var keyUser = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        return keyUser is null ? TypedResults.NoContent() : TypedResults.Ok(await ViewAsync(context, grains, urls, keyUser, mustChangePassword: false));
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> ChangePasswordAsync(
        HttpContext context, ChangePasswordRequest? request, IGrainFactory grains, SessionTokens tokens, PublicUrls urls)
    {
        if (!SessionCookie.IsCsrfSafe(context.Request))
        {
            return CsrfProblem();
        }

        if (await SessionAuthentication.ReadAsync(context) is not { } session)
        {
            return NotLoggedIn();
        }

        if (string.IsNullOrEmpty(request?.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            return TypedResults.Problem("Enter the current and the new password.", statusCode: StatusCodes.Status400BadRequest);
        }

        bool changed;
        try
        {
            changed = await grains.Accounts().ChangePasswordAsync(session.UserId, request.CurrentPassword, request.NewPassword);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(FailureStatus.WithoutParameterName(e.Message), statusCode: StatusCodes.Status400BadRequest);
        }

        if (!changed)
        {
            return TypedResults.Problem("The current password is wrong.", statusCode: StatusCodes.Status400BadRequest);
        }

        var user = await grains.Directory().GetUserAsync(session.UserId);
        if (user is null)
        {
            return NotLoggedIn();
        }

        // The change ended every session, this one too: a fresh token under the new stamp, without the restriction.
        var stamp = await grains.Directory().GetSessionStampAsync(user.Id);
        var (token, expires) = tokens.Issue(user, mustChangePassword: false, stamp);
        SessionCookie.Write(context, token, expires);
        return TypedResults.Ok(await ViewAsync(context, grains, urls, user, mustChangePassword: false));
    }

    private static async Task<SessionView> ViewAsync(
        HttpContext context, IGrainFactory grains, PublicUrls urls, UserIdentity user, bool mustChangePassword)
    {
        var entities = mustChangePassword ? [] : await grains.Directory().GetEntitiesAsync(user.Id);
        return new SessionView(RelayIds.Token(user.Id), user.Username, user.Email, user.Admin, user.Entity, mustChangePassword, entities, urls.BaseUrl(context));
    }

    private static ProblemHttpResult NotLoggedIn() =>
        TypedResults.Problem("Not logged in.", statusCode: StatusCodes.Status401Unauthorized);

    private static ProblemHttpResult CsrfProblem() =>
        TypedResults.Problem($"Requests from the web app carry the {SessionCookie.CsrfHeader} header.", statusCode: StatusCodes.Status403Forbidden);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed sign-in to {Target} (account {AccountId}) from {Client}")]
    private static partial void LogLoginFailed(ILogger logger, string target, long? accountId, string client);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in to account {AccountId} from {Client} refused: too many failures")]
    private static partial void LogLoginThrottled(ILogger logger, long? accountId, string client);
}
