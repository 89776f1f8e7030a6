using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Small documents that ask for enormous work (issue #11 item 4). Each is refused with 400 and a message naming the
/// limit, before validation or execution, in seconds (the old code took 84 s and 22 s).
/// </summary>
public sealed class GraphQLCostAttackTests : IAsyncLifetime
{
    private GraphQLTestServer _server = null!;

    public async Task InitializeAsync() => _server = await GraphQLTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The reviewer's 1,156-byte bomb: F(n) spreads F(n-1) twice, so F29 expands to 2^30 fields.</summary>
    internal static string FragmentBomb(int levels)
    {
        var text = new StringBuilder("query Bomb { viewer { ...F").Append(levels - 1).Append(" } }\nfragment F0 on User { id username }\n");
        for (var i = 1; i < levels; i++)
        {
            text.Append("fragment F").Append(i).Append(" on User { ...F").Append(i - 1).Append(" ...F").Append(i - 1).Append(" }\n");
        }

        return text.ToString();
    }

    internal static string DirectiveFlood(int count) =>
        "query Flood { viewer { id" + string.Concat(Enumerable.Repeat(" @include(if: true)", count)) + " } }";

    [Fact]
    public async Task FragmentBomb_OfThirtyDoublingFragments_IsRefusedWith400_InSeconds()
    {
        var clock = Stopwatch.StartNew();

        var (status, body) = await _server.PostAsync(FragmentBomb(30));

        Assert.Equal(400, status);
        Assert.Contains("fragment spreads", Message(body));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task FragmentBomb_ThatStaysUnderTheSpreadLimit_IsRefusedForItsExpandedFieldCount()
    {
        // Eight doublings: 511 spreads, and 256 copies of a fragment of 20 aliased fields is 5,120 fields.
        var aliases = string.Join(' ', Enumerable.Range(0, 20).Select(i => $"a{i}: id"));
        var query = FragmentBomb(9).Replace("fragment F0 on User { id username }", $"fragment F0 on User {{ {aliases} }}", StringComparison.Ordinal);

        var (status, body) = await _server.PostAsync(query);

        Assert.Equal(400, status);
        Assert.Contains("fields once fragments are expanded", Message(body));
    }

    [Fact]
    public async Task DirectiveFlood_OfTwentyThousandIncludes_IsRefusedWith400_InSeconds()
    {
        var clock = Stopwatch.StartNew();

        var (status, body) = await _server.PostAsync(DirectiveFlood(20_000));

        Assert.Equal(400, status);
        Assert.Contains("directives", Message(body));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task DeeplyNestedSelection_IsRefusedWith400()
    {
        // viewer { teams { edges { node { members ... } } } } repeated is the schema's natural cycle; plain nesting suffices.
        var query = "{ viewer { " + string.Concat(Enumerable.Repeat("teams { edges { node { ", 10)) + "id" + new string('}', 30) + " } }";

        var (status, body) = await _server.PostAsync(query);

        Assert.Equal(400, status);
        Assert.Contains("nested", Message(body));
    }

    [Fact]
    public async Task ThousandsOfFragmentDefinitions_AreRefusedWith400()
    {
        var text = new StringBuilder("query Q { viewer { id } }\n");
        for (var i = 0; i < 5_000; i++)
        {
            text.Append("fragment G").Append(i).Append(" on User { id }\n");
        }

        var (status, body) = await _server.PostAsync(text.ToString());

        Assert.Equal(400, status);
        Assert.Contains("fragments", Message(body));
    }

    [Fact]
    public async Task AnOrdinaryQuery_NextToTheLimits_StillAnswers()
    {
        var (status, body) = await _server.PostAsync("query Viewer { viewer { id entity @include(if: true) username } }");

        Assert.Equal(200, status);
        Assert.Equal("capture-user", body.GetProperty("data").GetProperty("viewer").GetProperty("entity").GetString());
    }

    private static string Message(JsonElement body) => body.GetProperty("errors")[0].GetProperty("message").GetString() ?? "";
}
