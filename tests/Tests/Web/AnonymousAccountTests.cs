using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.GraphQL.Corpus;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// <c>wandb.login(anonymous="must")</c> with the 0.22.3 client's own <c>CreateAnonymousApiKey</c> document, sent without a
/// key (docs/protocol/auth.md#anonymous-accounts): when the server's anonymous mode is on the caller gets a new
/// <c>anony-mouse-…</c> user and a working key confined to that user's own entity; when it is off (the default) the
/// answer is a 403 saying so; nothing else runs without a key, and the number of anonymous accounts is capped.
/// </summary>
public sealed class AnonymousAccountTests
{
    private static readonly string SignUp =
        ClientDocumentCorpus.Of("0.22.3").Single(d => d.Operation == "CreateAnonymousApiKey").Query;

    private static Dictionary<string, string> Enabled(int maxUsers = 1000) =>
        new() { ["Anonymous:Enabled"] = "true", ["Anonymous:MaxUsers"] = maxUsers.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostWithoutKeyAsync(WandbAppFactory app, string query)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsync(
            "/graphql", new StringContent(new JsonObject { ["query"] = query, ["variables"] = new JsonObject() }.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task With_anonymous_mode_on_the_client_gets_a_key_of_a_new_user_who_can_log_to_their_own_entity_only()
    {
        using var app = new WandbAppFactory(Enabled());

        var (status, body) = await PostWithoutKeyAsync(app, SignUp);

        Assert.Equal(HttpStatusCode.OK, status);
        var key = body!["data"]!["createAnonymousEntity"]!["apiKey"]!["name"]!.GetValue<string>();
        var anonymous = app.CreateWandbClient(key);
        var entity = (await anonymous.QueryAsync("{ viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
        Assert.StartsWith("anony-mouse-", entity, StringComparison.Ordinal);
        var bucket = await anonymous.QueryAsync(
            "mutation($e: String) { upsertBucket(input: {entityName: $e, modelName: \"anon\", name: \"anonrun1\"}) { bucket { name } } }", new { e = entity });
        Assert.Equal("anonrun1", bucket["upsertBucket"]!["bucket"]!["name"]!.GetValue<string>());

        var (refused, _) = await anonymous.GraphQLAsync(
            "mutation { upsertBucket(input: {entityName: \"local\", modelName: \"anon\", name: \"intruder\"}) { bucket { name } } }");
        Assert.Equal(403, refused);
        var second = (await PostWithoutKeyAsync(app, SignUp)).Body!["data"]!["createAnonymousEntity"]!["apiKey"]!["name"]!.GetValue<string>();
        Assert.NotEqual(key, second);
    }

    [Fact]
    public async Task With_anonymous_mode_off_the_sign_up_is_refused_with_403_and_a_message_saying_so()
    {
        using var app = new WandbAppFactory();

        var (status, body) = await PostWithoutKeyAsync(app, SignUp);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Anonymous accounts are turned off", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain((await app.CreateAdminClient().QueryAsync("{ users { edges { node { username } } } }"))["users"]!["edges"]!.AsArray(),
            e => e!["node"]!["username"]!.GetValue<string>().StartsWith("anony-mouse-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ viewer { entity } }")]
    [InlineData("mutation { createAnonymousEntity(input: {}) { apiKey { name } } upsertBucket(input: {name: \"r\"}) { inserted } }")]
    [InlineData("query { viewer { entity } } mutation M { createAnonymousEntity(input: {}) { apiKey { name } } }")]
    [InlineData("mutation { createAnonymousEntity(input: {}) { apiKey { name }")]
    public async Task Without_a_key_nothing_but_the_sign_up_alone_runs(string query)
    {
        using var app = new WandbAppFactory(Enabled());

        var (status, _) = await PostWithoutKeyAsync(app, query);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Past_the_configured_number_of_anonymous_accounts_the_sign_up_is_refused_with_400()
    {
        using var app = new WandbAppFactory(Enabled(maxUsers: 2));
        Assert.Equal(HttpStatusCode.OK, (await PostWithoutKeyAsync(app, SignUp)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostWithoutKeyAsync(app, SignUp)).Status);

        var (status, body) = await PostWithoutKeyAsync(app, SignUp);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 2 anonymous accounts", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
