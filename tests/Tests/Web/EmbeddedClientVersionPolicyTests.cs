using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The client version policy on the embedded profile, and that it survives a restart (SQLite grain state).</summary>
public sealed class EmbeddedClientVersionPolicyTests : ClientVersionPolicyTests
{
    protected override Task<WandbAppFactory> StartAppAsync() => Task.FromResult(new WandbAppFactory());

    [Fact]
    public async Task The_policy_survives_a_restart_of_the_server()
    {
        using var data = new TempDataDir();
        var adminKey = TestKeys.NewApiKey();
        var settings = new Dictionary<string, string> { ["DATA_DIR"] = data.Path, ["ADMIN_API_KEY"] = adminKey };
        using (var first = new WandbAppFactory(settings))
        {
            using var saved = await first.CreateWandbClient(adminKey).SendAsync(
                HttpMethod.Put, "/api/admin/client-versions", """{"latestVersion":"0.31.0","minimumVersion":"0.25.1"}""");
            Assert.Equal(200, (int)saved.StatusCode);
        }

        using var second = new WandbAppFactory(settings);
        var info = (await second.CreateWandbClient(adminKey).QueryAsync("{ serverInfo { cliVersionInfo } }"))["serverInfo"]!["cliVersionInfo"]!;
        Assert.Equal("0.31.0", info["max_cli_version"]!.GetValue<string>());
        Assert.Equal("0.25.1", info["min_cli_version"]!.GetValue<string>());
    }
}
