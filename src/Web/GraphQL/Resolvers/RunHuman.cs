using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// The person behind a run logged with a service account's key. The official clients send <c>WANDB_USERNAME</c> and
/// <c>WANDB_USER_EMAIL</c> as the <c>X-WANDB-USERNAME</c> and <c>X-WANDB-USER-EMAIL</c> headers of their GraphQL
/// requests (empty when unset); the run records that person when the directory finds them in the run's team.
/// </summary>
internal static class RunHuman
{
    public const string UsernameHeader = "X-WANDB-USERNAME";
    public const string EmailHeader = "X-WANDB-USER-EMAIL";

    /// <summary>The person's user id, or null when no one is named or the name does not count (never an error).</summary>
    public static async Task<long?> FindAsync(WandbGraphQLContext wandb, string entity)
    {
        var headers = wandb.Http.Request.Headers;
        var login = headers[UsernameHeader].ToString() is { Length: > 0 } username ? username : headers[EmailHeader].ToString();
        if (string.IsNullOrWhiteSpace(login))
        {
            return null;
        }

        var human = await wandb.Directory.FindRunHumanAsync(wandb.User.Id, entity, login);
        return human?.Id;
    }
}
