using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// <c>run.scan_history()</c> pages through a run in windows of steps, and each client generation pages its own way
/// (docs/protocol/runs.md#history): every row comes back exactly once whatever the style, also on a 100,000-step run
/// and when steps repeat. Py16 up to 0.25 with keys: <c>sampledHistory</c> <c>[a, a+P]</c>, P samples; New with keys:
/// <c>[a, a+P-1]</c>, P samples; without keys, all of them: <c>history(minStep: a, maxStep: a+P, samples: P)</c>.
/// </summary>
public sealed class ScanHistoryPagingTests(ScanHistoryPagingTests.App app) : IClassFixture<ScanHistoryPagingTests.App>
{
    public sealed class App : IDisposable
    {
        public WandbAppFactory Factory { get; } = new(new Dictionary<string, string> { ["ADMIN_USERNAME"] = Entity });

        public void Dispose() => Factory.Dispose();
    }

    private const string Entity = "scanner";
    private const string Project = "paging";
    private const int PageSize = 1000;

    private WandbClient Client => app.Factory.CreateAdminClient();

    public enum PagingStyle
    {
        /// <summary>wandb v0.16.6 wandb/apis/public/history.py:SampledHistoryScan._load_next (also 0.22, 0.25).</summary>
        SampledInclusivePy16,

        /// <summary>wandb v0.28.2 core/internal/runhistoryreader/livedata.go:getLiveDataForSpecificKeys.</summary>
        SampledMaxMinusOneNew,

        /// <summary>wandb v0.16.6 history.py:HistoryScan and v0.28.2 livedata.go:getLiveDataForAllKeys.</summary>
        HistoryPage,
    }

    private async Task LogAsync(string run, IReadOnlyList<long> steps)
    {
        await Client.QueryAsync(
            "mutation($name: String, $project: String) { upsertBucket(input: {name: $name, modelName: $project}) { inserted } }",
            new { name = run, project = Project });
        for (var offset = 0; offset < steps.Count; offset += 10_000)
        {
            var lines = new JsonArray();
            for (var i = offset; i < Math.Min(steps.Count, offset + 10_000); i++)
            {
                lines.Add($"{{\"loss\": {i}.5, \"_step\": {steps[i]}}}");
            }

            var body = new JsonObject { ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = offset, ["content"] = lines } } };
            var (status, text) = await Client.FileStreamAsync(Entity, Project, run, body.ToJsonString());
            Assert.True(status == 200, text);
        }
    }

    private async Task<long> LastStepAsync(string run) =>
        (await Client.QueryAsync(
            "query($p: String!, $e: String!, $r: String!) { project(name: $p, entityName: $e) { run(name: $r) { historyKeys } } }",
            new { p = Project, e = Entity, r = run }))["project"]!["run"]!["historyKeys"]!["lastStep"]!.GetValue<long>();

    /// <summary>The rows (their <c>loss</c>, unique per row) the client collects, page by page as it would.</summary>
    private async Task<List<double>> ScanAsync(string run, PagingStyle style)
    {
        var stop = await LastStepAsync(run) + 1;
        var rows = new List<double>();
        for (long a = 0; a < stop; a += PageSize)
        {
            var b = Math.Min(a + PageSize, stop);
            JsonArray page;
            if (style == PagingStyle.HistoryPage)
            {
                var data = await Client.QueryAsync(
                    """
                    query HistoryPage($entity: String!, $project: String!, $run: String!, $minStep: Int64!, $maxStep: Int64!, $pageSize: Int!) {
                      project(name: $project, entityName: $entity) { run(name: $run) { history(minStep: $minStep, maxStep: $maxStep, samples: $pageSize) } }
                    }
                    """, new { entity = Entity, project = Project, run, minStep = a, maxStep = b, pageSize = PageSize });
                page = new JsonArray(data["project"]!["run"]!["history"]!.AsArray().Select(line => JsonNode.Parse(line!.GetValue<string>())).ToArray());
            }
            else
            {
                var spec = style == PagingStyle.SampledInclusivePy16
                    ? JsonSerializer.Serialize(new { keys = new[] { "loss", "_step" }, minStep = a, maxStep = b, samples = PageSize })
                    : JsonSerializer.Serialize(new { keys = new[] { "loss", "_step" }, minStep = a, samples = b - a, maxStep = b - 1 });
                var data = await Client.QueryAsync(
                    """
                    query SampledHistoryPage($entity: String!, $project: String!, $run: String!, $spec: JSONString!) {
                      project(name: $project, entityName: $entity) { run(name: $run) { sampledHistory(specs: [$spec]) } }
                    }
                    """, new { entity = Entity, project = Project, run, spec });
                page = data["project"]!["run"]!["sampledHistory"]![0]!.AsArray();
            }

            rows.AddRange(page.Select(row => row!["loss"]!.GetValue<double>()));
        }

        return rows;
    }

    [Theory]
    [InlineData(PagingStyle.SampledInclusivePy16)]
    [InlineData(PagingStyle.SampledMaxMinusOneNew)]
    [InlineData(PagingStyle.HistoryPage)]
    public async Task Every_row_of_a_100k_step_run_comes_back_exactly_once(PagingStyle style)
    {
        var run = "long" + (int)style;
        await LogAsync(run, Enumerable.Range(0, 100_000).Select(step => (long)step).ToList());

        var rows = await ScanAsync(run, style);

        Assert.Equal(100_000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => i + 0.5), rows);
    }

    [Theory]
    [InlineData(PagingStyle.SampledInclusivePy16)]
    [InlineData(PagingStyle.SampledMaxMinusOneNew)]
    [InlineData(PagingStyle.HistoryPage)]
    public async Task Rows_sharing_a_step_are_all_returned_even_when_a_page_holds_more_rows_than_its_size(PagingStyle style)
    {
        // Every step twice (a resumed run that logged its steps again): each page window holds 2,000 rows.
        var run = "twice" + (int)style;
        await LogAsync(run, Enumerable.Range(0, 6_000).Select(i => (long)(i / 2)).ToList());

        var rows = await ScanAsync(run, style);

        Assert.Equal(Enumerable.Range(0, 6_000).Select(i => i + 0.5), rows);
    }
}
