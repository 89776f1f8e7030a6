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
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Accounts;

/// <summary>
/// Instance administration for admins only: users (<c>/api/admin/users</c>: list, create, reset a password — the
/// person must change it at first login —, deactivate and reactivate; every change is audited, and a new user joins the
/// teams that invited their email) and storage (<c>/api/admin/storage</c>: bytes per project, free disk space,
/// and whether it is under <see cref="StorageAlertOptions.FreeBytesWarning"/>), and the client versions the instance
/// advertises (<c>/api/admin/client-versions</c>: <see cref="ClientVersionPolicy"/>). Users are addressed by their opaque
/// ids (<see cref="AdminUserView"/>), never by the store's numbers; who may do any of it is the one authorization
/// rule's instance-admin answer (<see cref="IDirectoryGrain.AdministersInstanceAsync"/>).
/// </summary>
public static class AdminEndpoints
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/admin/users", ListUsersAsync).WithName("AdminUsers");
        endpoints.MapPost("/api/admin/users", CreateUserAsync).WithName("AdminUserCreate").DisableAntiforgery();
        endpoints.MapPost("/api/admin/users/{id}/password", ResetPasswordAsync).WithName("AdminUserPassword").DisableAntiforgery();
        endpoints.MapPost("/api/admin/users/{id}/deactivate", (HttpContext context, string id, IGrainFactory grains) =>
            SetDeactivatedAsync(context, id, deactivated: true, grains)).WithName("AdminUserDeactivate").DisableAntiforgery();
        endpoints.MapPost("/api/admin/users/{id}/reactivate", (HttpContext context, string id, IGrainFactory grains) =>
            SetDeactivatedAsync(context, id, deactivated: false, grains)).WithName("AdminUserReactivate").DisableAntiforgery();
        endpoints.MapGet("/api/admin/storage", StorageAsync).WithName("AdminStorage");
        endpoints.MapGet("/api/admin/client-versions", ClientVersionsAsync).WithName("AdminClientVersions");
        endpoints.MapPut("/api/admin/client-versions", SetClientVersionsAsync).WithName("AdminClientVersionsSet").DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<Results<Ok<AdminUserView[]>, ProblemHttpResult>> ListUsersAsync(HttpContext context, IGrainFactory grains) =>
        (await AdminAsync(context, grains)).Problem is { } problem
            ? problem
            : TypedResults.Ok((await grains.Accounts().ListUsersAsync()).Select(AdminUserView.From).ToArray());

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
            return TypedResults.Ok(new TemporaryPassword(AdminUserView.From(user), generated));
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(FailureStatus.WithoutParameterName(e.Message), statusCode: StatusCodes.Status400BadRequest);
        }
    }

    internal static async Task<Results<Ok<TemporaryPassword>, ProblemHttpResult>> ResetPasswordAsync(
        HttpContext context, string id, ResetPasswordRequest? request, IGrainFactory grains)
    {
        var (actor, problem) = await AdminAsync(context, grains);
        if (problem is not null)
        {
            return problem;
        }

        if (!AdminUserView.TryParseId(id, out var userId))
        {
            return NoSuchUser();
        }

        var generated = string.IsNullOrEmpty(request?.Password) ? NewPassword() : null;
        try
        {
            return await grains.Accounts().ResetPasswordAsync(actor!, userId, generated ?? request!.Password!)
                ? TypedResults.Ok(new TemporaryPassword(null, generated))
                : NoSuchUser();
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(FailureStatus.WithoutParameterName(e.Message), statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Deactivates or reactivates a user (<see cref="IAccountsGrain.SetDeactivatedAsync"/>); 204, or 404 for an unknown user.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> SetDeactivatedAsync(
        HttpContext context, string id, bool deactivated, IGrainFactory grains)
    {
        var (actor, problem) = await AdminAsync(context, grains);
        if (problem is not null)
        {
            return problem;
        }

        if (!AdminUserView.TryParseId(id, out var userId))
        {
            return NoSuchUser();
        }

        try
        {
            return await grains.Accounts().SetDeactivatedAsync(actor!, userId, deactivated)
                ? TypedResults.NoContent()
                : NoSuchUser();
        }
        catch (UnauthorizedAccessException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(FailureStatus.WithoutParameterName(e.Message), statusCode: StatusCodes.Status400BadRequest);
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

    /// <summary>
    /// The caller as the audit log records them when the authorization rule lets them administer the instance;
    /// otherwise the problem to answer.
    /// </summary>
    private static async Task<(Actor? Actor, ProblemHttpResult? Problem)> AdminAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return (null, AccountEndpoints.Unauthorized());
        }

        return await grains.GetGrain<IDirectoryGrain>(0).AdministersInstanceAsync(user.Id)
            ? (AccountEndpoints.ActorOf(context, user.Id), null)
            : (null, TypedResults.Problem("Only instance admins may do this.", statusCode: StatusCodes.Status403Forbidden));
    }

    /// <summary>The answer for an id that names no user, whether unknown, malformed or a bare number: nothing to tell apart.</summary>
    private static ProblemHttpResult NoSuchUser() =>
        TypedResults.Problem("There is no such user.", statusCode: StatusCodes.Status404NotFound);

    private static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 16);
}
