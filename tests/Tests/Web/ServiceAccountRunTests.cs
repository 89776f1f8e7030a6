using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// A run logged with a service account's key records the person behind it when the client names a member of the team
/// (<c>WANDB_USERNAME</c> / <c>WANDB_USER_EMAIL</c>, sent as <c>X-WANDB-USERNAME</c> / <c>X-WANDB-USER-EMAIL</c>):
/// the run's <c>user</c> stays the service account and <c>forUser</c> is the person, stored with the run. Anyone else
/// named is ignored without failing the client's request.
/// </summary>
public sealed class ServiceAccountRunTests(ServiceAccountRunTests.App app) : IClassFixture<ServiceAccountRunTests.App>
{
    private const string Team = "ci-team";

    public sealed class App : IAsyncLifetime
    {
        public WandbAppFactory Factory { get; } = new();
        public string ServiceKey { get; private set; } = "";
        public string ServiceName { get; private set; } = "";
        public string MemberKey { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var (owner, ownerKey) = await TestUsers.CreateAsync(Factory, "ciowner");
            var (alice, _) = await TestUsers.CreateAsync(Factory, "cialice");
            var (bob, bobKey) = await TestUsers.CreateAsync(Factory, "cibob");
            await TestUsers.CreateAsync(Factory, "cioutsider");
            await TestUsers.CreateTeamAsync(Factory, Team, owner.Id, (alice.Id, MemberRoles.Member), (bob.Id, MemberRoles.Member));
            var admin = Factory.CreateWandbClient(ownerKey);
            await admin.QueryAsync("mutation { createServiceAccount(input: {entityName: \"ci-team\", description: \"nightly\"}) { user { id } } }");
            var members = (await admin.QueryAsync("{ entity(name: \"ci-team\") { members { username accountType apiKey } } }"))["entity"]!["members"]!.AsArray();
            var service = members.Single(m => m!["accountType"]!.GetValue<string>() == "SERVICE")!;
            (ServiceKey, ServiceName, MemberKey) = (service["apiKey"]!.GetValue<string>(), service["username"]!.GetValue<string>(), bobKey);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private const string Upsert =
        "mutation($r: String) { upsertBucket(input: {entityName: \"ci-team\", modelName: \"nightly\", name: $r}) { bucket { user { username } forUser { username } } } }";

    /// <summary>Upserts a run the way the clients do, with the human headers they send.</summary>
    private async Task<(int Status, string? User, string? ForUser)> UpsertAsync(string key, string run, string header = "", string value = "")
    {
        var client = app.Factory.CreateWandbClient(key);
        client.Http.DefaultRequestHeaders.Remove("X-WANDB-USERNAME");
        client.Http.DefaultRequestHeaders.Remove("X-WANDB-USER-EMAIL");
        if (header.Length > 0)
        {
            client.Http.DefaultRequestHeaders.Add(header, value);
        }

        var (status, body) = await client.GraphQLAsync(Upsert, new { r = run });
        var bucket = body?["data"]?["upsertBucket"]?["bucket"];
        return (status, bucket?["user"]?["username"]?.GetValue<string>(), bucket?["forUser"]?["username"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_service_account_run_naming_a_team_member_records_both_and_stores_the_person_with_the_run()
    {
        var (status, user, forUser) = await UpsertAsync(app.ServiceKey, "svcrun01", "X-WANDB-USERNAME", "cialice");

        Assert.Equal(200, status);
        Assert.Equal(app.ServiceName, user);
        Assert.Equal("cialice", forUser);
        var listed = await app.Factory.CreateWandbClient(app.MemberKey).QueryAsync(
            "{ project(entityName: \"ci-team\", name: \"nightly\") { runs { edges { node { name user { username } forUser { username } } } } } }");
        var node = listed["project"]!["runs"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single(n => n["name"]!.GetValue<string>() == "svcrun01");
        Assert.Equal("cialice", node["forUser"]!["username"]!.GetValue<string>());
        var stored = (await app.Factory.Services.GetRequiredService<IMetadataStore>().ListRunRowsAsync(Team, "nightly")).Single(r => r.Name == "svcrun01");
        var alice = await app.Factory.Services.GetRequiredService<IMetadataStore>().FindUserByUsernameAsync("cialice");
        Assert.Equal(alice!.Id, stored.ForUserId);
    }

    [Fact]
    public async Task The_person_may_be_named_by_email()
    {
        var (_, _, forUser) = await UpsertAsync(app.ServiceKey, "svcrun02", "X-WANDB-USER-EMAIL", "CIAlice@example.test");

        Assert.Equal("cialice", forUser);
    }

    [Theory]
    [InlineData("cioutsider")]
    [InlineData("nobody-at-all")]
    [InlineData("")]
    public async Task Naming_someone_outside_the_team_records_only_the_service_account_and_still_succeeds(string named)
    {
        var (status, user, forUser) = await UpsertAsync(app.ServiceKey, "svcrun03", "X-WANDB-USERNAME", named);

        Assert.Equal(200, status);
        Assert.Equal(app.ServiceName, user);
        Assert.Null(forUser);
    }

    [Fact]
    public async Task A_person_cannot_log_runs_for_someone_else()
    {
        var (status, user, forUser) = await UpsertAsync(app.MemberKey, "svcrun04", "X-WANDB-USERNAME", "cialice");

        Assert.Equal(200, status);
        Assert.Equal("cibob", user);
        Assert.Null(forUser);
    }
}
