using System.Text;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11: ids the server hands out are opaque. Runs, projects, users, API keys, invites, artifacts, collections,
/// manifests and files are numbered in the store; their public ids carry an AES token of that number under the
/// server's key instead (<see cref="PublicIdCipher"/>), so consecutive objects' ids reveal nothing of each other (not
/// the order, not how many exist) and a neighbouring id cannot be made by hand. Sweeps and agents are named, not
/// numbered. The ids stay <c>base64("Type:…")</c>, which clients decode (artifact ids to hex).
/// </summary>
public sealed class PublicIdTests(PublicIdTests.Server server) : IClassFixture<PublicIdTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    [Fact]
    public void A_token_round_trips_and_consecutive_numbers_share_nothing()
    {
        var cipher = new PublicIdCipher(Encoding.UTF8.GetBytes("a key of at least sixteen bytes"));
        for (long number = 1; number < 200; number++)
        {
            var (token, next) = (cipher.Encode(number), cipher.Encode(number + 1));
            Assert.True(cipher.TryDecode(token, out var back) && back == number);
            Assert.True(DifferingBytes(token, next) >= 10, $"{number}: {token} and {next} look alike");
        }
    }

    [Fact]
    public void Tokens_not_made_with_the_key_decode_to_nothing()
    {
        var cipher = new PublicIdCipher(Encoding.UTF8.GetBytes("a key of at least sixteen bytes"));
        var other = new PublicIdCipher(Encoding.UTF8.GetBytes("another key of sixteen bytes or more"));
        var token = cipher.Encode(42);
        Assert.False(other.TryDecode(token, out _));
        Assert.False(cipher.TryDecode(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), out _));
        Assert.False(cipher.TryDecode("42", out _));
        Assert.False(cipher.TryDecode(new string('A', 22), out _));
        Assert.False(cipher.TryDecode(token + "A", out _));
    }

    [Fact]
    public async Task Consecutive_runs_projects_and_artifacts_get_ids_that_reveal_nothing_of_each_other()
    {
        var dave = server.Client(server.DaveKey);
        foreach (var project in new[] { "ids-one", "ids-two" })
        {
            foreach (var run in new[] { "idrun001", "idrun002" })
            {
                await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, project, run, "team");
            }
        }

        var runs = await dave.QueryAsync("""{ project(entityName: "lab", name: "ids-one") { id runs { edges { node { id } } } } }""");
        var runIds = runs["project"]!["runs"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ToList();
        var projectIds = new[]
        {
            runs["project"]!["id"]!.GetValue<string>(),
            (await dave.QueryAsync("""{ project(entityName: "lab", name: "ids-two") { id } }"""))["project"]!["id"]!.GetValue<string>(),
        };
        var artifacts = new ArtifactClient(dave, SecurityApp.Team, "ids-one");
        var artifactIds = new[]
        {
            (await artifacts.LogAsync("first", [ArtifactFileSource.FromText("a.txt", "a")])).Id,
            (await artifacts.LogAsync("second", [ArtifactFileSource.FromText("b.txt", "b")])).Id,
        };

        foreach (var (type, pair) in new[] { ("Run", runIds), ("Project", projectIds.ToList()), ("Artifact", artifactIds.ToList()) })
        {
            Assert.Equal(2, pair.Count);
            var tokens = pair.Select(id => TokenOf(id, type)).ToList();
            Assert.True(DifferingBytes(tokens[0], tokens[1]) >= 10, $"{type} ids {pair[0]} and {pair[1]} look alike");
        }

        // Artifact ids still decode from base64 to hex, as the clients do for wandb-artifact:// references.
        Assert.All(artifactIds, id => Assert.NotEmpty(Convert.ToHexString(Convert.FromBase64String(id))));
    }

    [Fact]
    public async Task A_hand_made_neighbour_of_a_run_id_finds_nothing()
    {
        await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, "ids-guess", "guess001", "team");
        var dave = server.Client(server.DaveKey);
        var id = (await dave.QueryAsync("""{ project(entityName: "lab", name: "ids-guess") { run(name: "guess001") { id } } }"""))
            ["project"]!["run"]!["id"]!.GetValue<string>();
        var token = TokenOf(id, "Run");
        var neighbour = RelayIds.Encode("Run", token[..^2] + (token[^2] == 'A' ? "BA" : "AA"));

        foreach (var guess in new[] { neighbour, RelayIds.Encode("Run", "1"), "1" })
        {
            var (_, body) = await dave.GraphQLAsync("mutation($id: ID) { stopRun(input: {id: $id}) { success } }", new { id = guess });
            Assert.True(body?["errors"] is not null, $"{guess}: {body}");
        }

        var (_, own) = await dave.GraphQLAsync("mutation($id: ID) { stopRun(input: {id: $id}) { success } }", new { id });
        Assert.True(own?["errors"] is null, own?.ToJsonString());
    }

    private static string TokenOf(string id, string type)
    {
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(id));
        Assert.StartsWith(type + ":", text, StringComparison.Ordinal);
        var token = text[(type.Length + 1)..];
        Assert.Equal(22, token.Length);
        return token;
    }

    private static int DifferingBytes(string a, string b)
    {
        var (x, y) = (Bytes(a), Bytes(b));
        return x.Zip(y).Count(pair => pair.First != pair.Second);
    }

    private static byte[] Bytes(string token) => Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "==");
}
