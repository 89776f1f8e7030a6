using System.Text;
using System.Text.Json;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Projects;
using Orleans.Wandb.Tests.Grains;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// One filter blocks a project (issue #11 item 6) and the <c>$regex</c> that answered 503: filters past the caps
/// are refused (400) before touching a run, patterns cannot backtrack, and a long query runs off the project's
/// turn, so run rows keep arriving while it runs. Needs only read access, so every reader could do it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RunFilterCostAttackTests(ClusterFixture fixture)
{
    private static string InList(int count) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["name"] = new Dictionary<string, object> { ["$in"] = Enumerable.Range(0, count).Select(i => $"x{i}") } });

    [Fact]
    public void InListOfAMillionNames_IsRefusedAsOverTheCap_BeforeAnyRunIsRead()
    {
        var refusal = Assert.Throws<CapExceededException>(() => RunFilter.Parse(InList(1_000_000)));

        Assert.Contains($"at most {RunFilterLimits.MaxListValues}", refusal.Message);
    }

    [Fact]
    public void OrGroupsNestedSeventeenDeep_AreRefusedAsOverTheCap()
    {
        var filter = string.Concat(Enumerable.Repeat("{\"$or\": [", 17)) + "{\"name\": \"a\"}" + string.Concat(Enumerable.Repeat("]}", 17));

        Assert.Throws<CapExceededException>(() => RunFilter.Parse(filter));
    }

    [Fact]
    public void ThousandsOfConditions_AreRefusedAsOverTheCap()
    {
        var filter = "{\"$or\": [" + string.Join(", ", Enumerable.Range(0, 2_000).Select(i => $"{{\"name\": \"r{i}\"}}")) + "]}";

        Assert.Throws<CapExceededException>(() => RunFilter.Parse(filter));
    }

    [Fact]
    public void FiftyOnePatterns_AreRefusedAsOverTheCap()
    {
        var filter = "{\"$or\": [" + string.Join(", ", Enumerable.Range(0, RunFilterLimits.MaxPatterns + 1).Select(i => $"{{\"name\": {{\"$regex\": \"^z{i}\"}}}}")) + "]}";

        Assert.Throws<CapExceededException>(() => RunFilter.Parse(filter));
    }

    [Fact]
    public void CatastrophicRegex_OnALongRunName_AnswersInsteadOfTimingOutInto503()
    {
        var table = new RunTable();
        table.Upsert(new RunRow { Id = 1, Name = new string('a', 5_000) + "!" });

        // (a+)+$ backtracks exponentially on "aaa…!": the old 200 ms timeout became a TimeoutException, i.e. 503.
        var page = table.Query(RunFilter.Parse("{\"name\": {\"$regex\": \"(a+)+$\"}}"), RunOrder.Parse("name"), 10, null);

        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public void Regex_WithABackreference_IsRefusedAsInvalidInput_Not503()
    {
        var refusal = Assert.Throws<ArgumentException>(() => RunFilter.Parse("{\"name\": {\"$regex\": \"(a)\\\\1\"}}"));

        Assert.Contains("$regex", refusal.Message);
    }

    [Fact]
    public void InListAtTheCap_MatchesExactlyTheListedRuns()
    {
        var table = new RunTable();
        for (var i = 0; i < 2_000; i++)
        {
            table.Upsert(new RunRow { Id = i + 1, Name = $"x{i * 7}" });
        }

        var page = table.Query(RunFilter.Parse(InList(RunFilterLimits.MaxListValues)), RunOrder.Parse("name"), 0, null);

        Assert.Equal(Enumerable.Range(0, 2_000).Count(i => i * 7 < RunFilterLimits.MaxListValues), page.TotalCount);
    }

    [Fact]
    public async Task AQueryOfFiftyPatternsOver20kRuns_DoesNotHoldUpARunRowArrivingMeanwhile()
    {
        var key = ProjectKey.From("local", TestNames.Unique("proj"));
        var project = fixture.GrainFactory.GetGrain<IProjectGrain>(key);
        var t0 = DateTimeOffset.UnixEpoch;
        await Task.WhenAll(Enumerable.Range(0, 20_000).Select(i =>
            project.UpsertRunRowAsync(new RunRow { Id = i + 1, Name = $"run{i}", CreatedAt = t0, SummaryMetrics = $"{{\"acc\": {i}}}" })));
        var patterns = "{\"$or\": [" + string.Join(", ", Enumerable.Range(0, RunFilterLimits.MaxPatterns).Select(i => $"{{\"name\": {{\"$regex\": \"^z{i}\"}}}}")) + "]}";

        var query = project.ListRunsAsync(new RunListQuery(null, null, 10, patterns));
        var write = project.UpsertRunRowAsync(new RunRow { Id = 99_999, Name = "arrived", CreatedAt = t0 });

        Assert.Same(write, await Task.WhenAny(query, write));
        Assert.Equal(0, (await query).TotalCount);
        Assert.Equal(20_001, (await project.ListRunsAsync(new RunListQuery(null, null, 0, null))).TotalCount);
    }
}
