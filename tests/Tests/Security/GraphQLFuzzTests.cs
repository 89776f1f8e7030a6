using System.Text;
using System.Text.Json;
using Orleans.Wandb.Tests.GraphQL;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Hostile and malformed GraphQL requests, generated from the real clients' documents by a seeded mutator for a
/// few seconds: every answer is a 4xx, or a 200 carrying GraphQL errors with a message (how validation errors
/// reach the clients, which do not retry them), never a 5xx, and no request allocates without bound. Inputs that
/// once broke the endpoint stay below as regression cases.
/// </summary>
public sealed class GraphQLFuzzTests : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    // Every run fuzzes at least this many cases however slow the machine is; the budget adds more when it is fast.
    private const int MinimumCases = 25;
    private const long MaxBytesPerRequest = 512L * 1024 * 1024;

    private static readonly string[] Fragments =
    [
        "{", "}", "(", ")", "[", "]", "...", "... on User ", "@include(if: true)", "@skip(if: $x)", "fragment F on User { id ...F }",
        "...F", "$x", "\"", "\"\"\"", "\\u0000", "\u0000", "é", "\uD800", "#", ",", ":", "=", "!", "query ", "mutation ", "subscription ",
        "__typename", "__schema { types { name } }", "viewer", "id", "1e999", "-0", "99999999999999999999", "null", "true",
    ];

    private GraphQLTestServer _server = null!;

    public async Task InitializeAsync() => _server = await GraphQLTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<int> Seeds => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task MutatedClientDocuments_AreAnswered4xxOrGraphQLErrors_Never5xx(int seed)
    {
        var random = new Random(seed);
        var corpus = RecordedGraphQLRequests.All.Select(r => r.Query).Distinct().ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cases = 0;
        while (cases < MinimumCases || clock.Elapsed < Budget / Seeds.Count)
        {
            var query = Mutate(random, corpus[random.Next(corpus.Length)]);
            var variables = random.Next(3) == 0 ? RandomJson(random, 0) : null;
            await AssertRefusedCleanlyAsync(query, variables, $"seed {seed} case {cases}");
            cases++;
        }

    }

    [Theory]
    [InlineData("query { viewer { id } } fragment F on User { ...F }")]
    [InlineData("{ viewer { ...F ...F } } fragment F on User { ...G ...G } fragment G on User { id }")]
    [InlineData("{ viewer(a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: 1}}}}}}}}}}) { id } }")]
    [InlineData("{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }")]
    [InlineData("query Q($x: Int = 99999999999999999999) { viewer { id } }")]
    [InlineData("{ viewer { id @include(if: true) @include(if: true) } }")]
    [InlineData("\u0000")]
    [InlineData("{ \"a\" }")]
    public async Task RegressionCase_IsAnswered4xxOrGraphQLErrors_Never5xx(string query)
    {
        await AssertRefusedCleanlyAsync(query, null, query);
    }

    [Fact]
    public async Task TheReviewersAttacks_AreRegressionCasesToo()
    {
        await AssertRefusedCleanlyAsync(GraphQLCostAttackTests.FragmentBomb(30), null, "fragment bomb");
        await AssertRefusedCleanlyAsync(GraphQLCostAttackTests.DirectiveFlood(20_000), null, "directive flood");
    }

    private async Task AssertRefusedCleanlyAsync(string query, object? variables, string label)
    {
        var before = GC.GetTotalAllocatedBytes();
        var (status, body) = await _server.PostAsync(query, variables);
        var allocated = GC.GetTotalAllocatedBytes() - before;

        Assert.True(status < 500, $"{label}: status {status} for {Show(query)}");
        Assert.True(allocated < MaxBytesPerRequest, $"{label}: allocated {allocated:N0} bytes for {Show(query)}");
        if (status != 200 || !body.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
        {
            var errors = body.GetProperty("errors");
            Assert.True(errors.GetArrayLength() > 0 && !string.IsNullOrWhiteSpace(errors[0].GetProperty("message").GetString()), $"{label}: no message");
        }
    }

    internal static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var edits = 1 + random.Next(4); edits > 0 && builder.Length > 0; edits--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(5))
            {
                case 0:
                    builder.Remove(at, Math.Min(random.Next(1, 20), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 200), builder.Length - at);
                    var copy = builder.ToString(at, length);
                    builder.Insert(at, string.Concat(Enumerable.Repeat(copy, random.Next(2, 50))));
                    break;
                case 3:
                    builder.Insert(at, string.Concat(Enumerable.Repeat("{ a ", random.Next(10, 200))));
                    break;
                default:
                    builder[at] = (char)random.Next(1, 0x2000);
                    break;
            }
        }

        return builder.ToString();
    }

    internal static object? RandomJson(Random random, int depth) => random.Next(depth > 8 ? 4 : 7) switch
    {
        0 => null,
        1 => random.NextDouble() * Math.Pow(10, random.Next(-300, 300)),
        2 => new string((char)random.Next(32, 0x3000), random.Next(0, 100)),
        3 => random.Next(2) == 0,
        4 => Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomJson(random, depth + 1)).ToArray(),
        _ => Enumerable.Range(0, random.Next(0, 5)).ToDictionary(i => $"k{i}", _ => RandomJson(random, depth + 1)),
    };

    private static string Show(string query) => query.Length <= 300 ? query : query[..300] + "…";
}
