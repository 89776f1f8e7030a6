using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The client versions the server advertises (<c>serverInfo.cliVersionInfo</c>, issue #22 item 2): the tested range
/// by default, an instance admin's policy once set, through the API the admin page uses. Each profile runs the
/// same specification (<see cref="EmbeddedClientVersionPolicyTests"/>, Cluster's).
/// </summary>
public abstract class ClientVersionPolicyTests
{
    /// <summary>What <c>wandb login</c>/<c>wandb.init</c> and <c>wandb verify</c> select (wandb v0.16.6 internal_api.py:viewer_server_info).</summary>
    private const string ViewerServerInfo = "query Viewer { viewer { id entity } serverInfo { cliVersionInfo } }";

    /// <summary>A fresh server of the profile under test.</summary>
    protected abstract Task<WandbAppFactory> StartAppAsync();

    [Fact]
    public async Task Until_an_admin_sets_a_policy_the_server_advertises_the_tested_client_range()
    {
        using var app = await StartAppAsync();

        var info = await CliVersionInfoAsync(app);

        Assert.Equal("0.28.2", info["max_cli_version"]!.GetValue<string>());
        Assert.Equal("0.16.6", info["min_cli_version"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admins_policy_is_what_the_clients_read_next()
    {
        using var app = await StartAppAsync();
        var admin = app.CreateAdminClient();

        using var saved = await admin.SendAsync(HttpMethod.Put, "/api/admin/client-versions", """{"latestVersion":"0.30.1","minimumVersion":"0.22.3"}""");

        Assert.Equal(200, (int)saved.StatusCode);
        var info = await CliVersionInfoAsync(app);
        Assert.Equal("0.30.1", info["max_cli_version"]!.GetValue<string>());
        Assert.Equal("0.22.3", info["min_cli_version"]!.GetValue<string>());
        using var read = await admin.SendAsync(HttpMethod.Get, "/api/admin/client-versions", null);
        var policy = await read.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("0.30.1", policy!["latestVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_minimum_above_the_latest_version_is_refused_and_the_policy_is_unchanged()
    {
        using var app = await StartAppAsync();

        using var refused = await app.CreateAdminClient().SendAsync(
            HttpMethod.Put, "/api/admin/client-versions", """{"latestVersion":"0.20.0","minimumVersion":"0.21.0"}""");

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("must not be above", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("0.28.2", (await CliVersionInfoAsync(app))["max_cli_version"]!.GetValue<string>());
    }

    private static async Task<JsonNode> CliVersionInfoAsync(WandbAppFactory app) =>
        (await app.CreateAdminClient().QueryAsync(ViewerServerInfo))["serverInfo"]!["cliVersionInfo"]!;
}
