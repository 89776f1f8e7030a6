using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Attacks on the client version policy (<c>/api/admin/client-versions</c>): only instance admins read or change
/// it, and what they set is bounded, because every client that logs in reads it.
/// </summary>
public sealed class ClientVersionPolicyAttackTests : IClassFixture<ClientVersionPolicyAttackTests.Server>
{
    private const string Path = "/api/admin/client-versions";
    private readonly Server _server;

    public ClientVersionPolicyAttackTests(Server server) => _server = server;

    public sealed class Server : IDisposable
    {
        public WandbAppFactory App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    [Fact]
    public async Task Anonymous_CannotReadClientVersionPolicy_Unauthorized()
    {
        using var response = await _server.App.CreateWandbClient(null).SendAsync(HttpMethod.Get, Path, null);
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task OrdinaryUser_CannotSetClientVersionPolicy_Forbidden()
    {
        var (_, apiKey) = await TestUsers.CreateAsync(_server.App, "policy-attacker");

        using var response = await _server.App.CreateWandbClient(apiKey).SendAsync(
            HttpMethod.Put, Path, """{"latestVersion":"0.99.0","minimumVersion":"0.99.0"}""");

        Assert.Equal(403, (int)response.StatusCode);
        var info = (await _server.App.CreateAdminClient().QueryAsync("{ serverInfo { cliVersionInfo } }"))["serverInfo"]!["cliVersionInfo"]!;
        Assert.NotEqual("0.99.0", info["min_cli_version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"latestVersion":"0.10.0","minimumVersion":"0.9.0"}""", "at least 0.16.6")]
    [InlineData("""{"latestVersion":"0.28.2; drop","minimumVersion":"0.16.6"}""", "release number")]
    [InlineData("""{"latestVersion":"0.28.2","minimumVersion":null}""", "release number")]
    public async Task Admin_CannotSetAVersionTheClientsMisread_BadRequest(string body, string problem)
    {
        using var response = await _server.App.CreateAdminClient().SendAsync(HttpMethod.Put, Path, body);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_CannotStoreAnOverlongVersion_BadRequest()
    {
        var overlong = new string('1', 10_000);
        using var response = await _server.App.CreateAdminClient().SendAsync(
            HttpMethod.Put, Path, $$"""{"latestVersion":"{{overlong}}","minimumVersion":"0.16.6"}""");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 1_000, "the refusal must not echo the whole input");
    }
}
