using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Web.Auth;

/// <summary>The authenticated caller of the current request, set by <see cref="ApiKeyAuthentication"/>.</summary>
public static class RequestUser
{
    private const string ItemKey = "wandb.user";

    /// <summary>The caller, or null when the request carried no valid credentials.</summary>
    public static UserIdentity? GetUser(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) ? value as UserIdentity : null;

    /// <summary>The caller; throws when the endpoint was reached without authentication.</summary>
    public static UserIdentity GetRequiredUser(this HttpContext context) =>
        context.GetUser() ?? throw new InvalidOperationException("The request is not authenticated.");

    internal static void SetUser(this HttpContext context, UserIdentity user) => context.Items[ItemKey] = user;
}
