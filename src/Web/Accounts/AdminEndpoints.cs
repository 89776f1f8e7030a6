using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Admin;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.Auth;

namespace Orleans.Wandb.Web.Accounts;

/// <summary>
/// Instance administration for admins only: users (<c>/api/admin/users</c>: list, create, reset a password — the
/// person must change it at first login —, deactivate and reactivate; every change is audited, and a new user joins the
/// teams that invited their email) and storage (<c>/api/admin/storage</c>: bytes per project, free disk space,
/// and whether it is under <see cref="StorageAlertOptions.FreeBytesWarning"/>), and the client versions the instance
/// advertises (<c>/api/admin/client-versions</c>: <see cref="ClientVersionPolicy"/>).
/// </summary>
public static class AdminEndpoints
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/admin/users", ListUsersAsync).WithName("AdminUsers");
        endpoints.MapPost("/api/admin/users", CreateUserAsync).WithName("AdminUserCreate").DisableAntiforgery();
        endpoints.MapPost("/api/admin/users/{id:long}/password", ResetPasswordAsync).WithName("AdminUserPassword").DisableAntiforgery();
        endpoints.MapPost("/api/admin/users/{id:long}/deactivate", (HttpContext context, long id, IGrainFactory grains) =>
            SetDeactivatedAsync(context, id, deactivated: true, grains)).WithName("AdminUserDeactivate").DisableAntiforgery();
        endpoints.MapPost("/api/admin/users/{id:long}/reactivate", (HttpContext context, long id, IGrainFactory grains) =>
            SetDeactivatedAsync(context, id, deactivated: false, grains)).WithName("AdminUserReactivate").DisableAntiforgery();
        endpoints.MapGet("/api/admin/storage", StorageAsync).WithName("AdminStorage");
        endpoints.MapGet("/api/admin/client-versions", ClientVersionsAsync).WithName("AdminClientVersions");
        endpoints.MapPut("/api/admin/client-versions", SetClientVersionsAsync).WithName("AdminClientVersionsSet").DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<UserSummary>>, ProblemHttpResult>> ListUsersAsync(HttpContext context, IGrainFactory grains) =>
        (await AdminAsync(context, grains)).Problem is { } problem
            ? problem
            : TypedResults.Ok(await grains.Accounts().ListUsersAsync());

    internal static async Task<Results<Ok<TemporaryPassword>, ProblemHttpResult>> CreateUserAsync(
        HttpContext context, CreateUserRequest? request, IGrainFactory grains)
    {
        var (actor, problem) = await AdminAsync(context, grains);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request?.Username) || string.IsNullOrWhiteSpace(request.Email))
        {
            return TypedResults.Problem("A new user needs a username and an email.", statusCode: StatusCodes.Status400BadRequest);
        }

        var generated = string.IsNullOrEmpty(request.Password) ? NewPassword() : null;
        try
        {
            var user = await grains.Accounts().CreateUserAsync(
                actor!, request.Username.Trim(), request.Email.Trim(), generated ?? request.Password!, request.Admin);
            return TypedResults.Ok(new TemporaryPassword(user, generated));
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    internal static async Task<Results<Ok<TemporaryPassword>, ProblemHttpResult>> ResetPasswordAsync(
        HttpContext context, long id, ResetPasswordRequest? request, IGrainFactory grains)
    {
        var (actor, problem) = await AdminAsync(context, grains);
        if (problem is not null)
        {
            return problem;
        }

        var generated = string.IsNullOrEmpty(request?.Password) ? NewPassword() : null;
        try
        {
            return await grains.Accounts().ResetPasswordAsync(actor!, id, generated ?? request!.Password!)
                ? TypedResults.Ok(new TemporaryPassword(null, generated))
                : TypedResults.Problem($"There is no user {id}.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Deactivates or reactivates a user (<see cref="IAccountsGrain.SetDeactivatedAsync"/>); 204, or 404 for an unknown user.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> SetDeactivatedAsync(
        HttpContext context, long id, bool deactivated, IGrainFactory grains)
    {
        var (actor, problem) = await AdminAsync(context, grains);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return await grains.Accounts().SetDeactivatedAsync(actor!, id, deactivated)
                ? TypedResults.NoContent()
                : TypedResults.Problem($"There is no user {id}.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (UnauthorizedAccessException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    internal static async Task<Results<Ok<StorageView>, ProblemHttpResult>> StorageAsync(
        HttpContext context, IGrainFactory grains, IOptions<StorageAlertOptions> alerts)
    {
        if ((await AdminAsync(context, grains)).Problem is { } problem)
        {
            return problem;
        }

        var report = await grains.StorageReport().GetReportAsync();
        var threshold = alerts.Value.FreeBytesWarning;
        return TypedResults.Ok(new StorageView(
            report.Projects, report.FreeBytes, report.TotalBytes, threshold, report.FreeBytes is { } free && free < threshold));
    }

    internal static async Task<Results<Ok<ClientVersionPolicy>, ProblemHttpResult>> ClientVersionsAsync(HttpContext context, IGrainFactory grains) =>
        (await AdminAsync(context, grains)).Problem is { } problem
            ? problem
            : TypedResults.Ok(await grains.GetGrain<IClientVersionPolicyGrain>(0).GetAsync());

    internal static async Task<Results<Ok<ClientVersionPolicy>, ProblemHttpResult>> SetClientVersionsAsync(
        HttpContext context, ClientVersionPolicyRequest? request, IGrainFactory grains)
    {
        var (actor, problem) = await AdminAsync(context, grains);
        if (problem is not null)
        {
            return problem;
        }

        var policy = new ClientVersionPolicy(request?.LatestVersion?.Trim() ?? "", request?.MinimumVersion?.Trim() ?? "");
        if (ClientVersionPolicyRules.Validate(policy) is { } invalid)
        {
            return TypedResults.Problem(invalid, statusCode: StatusCodes.Status400BadRequest);
        }

        await grains.GetGrain<IClientVersionPolicyGrain>(0).SetAsync(actor!, policy);
        return TypedResults.Ok(policy);
    }

    /// <summary>The caller as the audit log records them when they are an instance admin; otherwise the problem to answer.</summary>
    private static async Task<(Actor? Actor, ProblemHttpResult? Problem)> AdminAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return (null, AccountEndpoints.Unauthorized());
        }

        return user.Admin
            ? (AccountEndpoints.ActorOf(context, user.Id), null)
            : (null, TypedResults.Problem("Only instance admins may do this.", statusCode: StatusCodes.Status403Forbidden));
    }

    private static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 16);
}
