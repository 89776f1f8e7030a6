using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Grains.Accounts;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>Ordinary (non-admin) users with API keys and teams, created in a running app's metadata store.</summary>
public static class TestUsers
{
    public static async Task<(UserIdentity User, string ApiKey)> CreateAsync(WandbAppFactory app, string username)
    {
        var accounts = app.Services.GetRequiredService<AccountAdmin>();
        var user = await accounts.CreateUserAsync(username, $"{username}@example.test", "a-password-1", admin: false);
        var key = await accounts.CreateApiKeyAsync(user.Id, "tests");
        return (user, key.Key);
    }

    public static async Task CreateTeamAsync(WandbAppFactory app, string team, long ownerUserId, params (long UserId, string Role)[] members)
    {
        var accounts = app.Services.GetRequiredService<AccountAdmin>();
        await accounts.CreateTeamAsync(team, ownerUserId);
        foreach (var (userId, role) in members)
        {
            await accounts.AddMemberAsync(team, userId, role);
        }
    }
}
