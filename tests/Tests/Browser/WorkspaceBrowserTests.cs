using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// The project workspace as a daily W&amp;B user meets it, on 33 runs and a live one: live points append to the charts
/// in place while the user hovers, zooms and clicks (no chart rebuilt, a few KB per refresh), ticks that read
/// right, every point of a short run, a compact legend. Screenshots 60-*.png at 1280×800 and 1920×1080.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class WorkspaceBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Project = "workspace";
    internal const int Runs = 33;
    private const int Steps = 60;
    private const int LongSteps = 1_500;

    /// <summary>At most one live refresh per 2 s (project.js LIVE_INTERVAL_MS): the page's refreshes per minute.</summary>
    private const int RefreshesPerMinute = 30;

    [Fact]
    public async Task A_live_run_appends_in_place_while_the_user_hovers_zooms_and_clicks()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var client = server.Client;
        await SeedAsync(client);
        var live = new LiveRun(client, "local", Project, "live-run");
        await live.SendAsync(from: 0, count: 5);

        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync($"/local/{Project}");
            var table = page.GetByTestId("runs-table");
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(Runs + 1);

            // 30 runs and the live one on the charts: the ten shown by default and twenty more picked in the table.
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");
            var hidden = table.Locator("button.eye[aria-pressed='false']");
            for (var i = 0; i < 21; i++)
            {
                await hidden.First.ClickAsync();
            }

            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 31");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.['train/lr']?.lines?.length === 31");

            // The hover tooltip lists values at the cursor, highest first, exactly.
            var lossChart = page.Locator("figure.chart[aria-label='Chart of loss']");
            await lossChart.ScrollIntoViewIfNeededAsync();
            var over = lossChart.Locator(".u-over");
            var box = (await over.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + (box.Width * 0.05f), box.Y + (box.Height / 2));
            var tooltip = lossChart.Locator(".chart-tooltip");
            await Expect(tooltip).ToBeVisibleAsync();
            var values = (await tooltip.Locator(".tooltip-value").AllTextContentsAsync()).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            Assert.True(values.Count > 1, "the tooltip lists the lines at the cursor");
            Assert.Equal(values.OrderByDescending(v => v), values);

            // Live rows arrive while the cursor rests on the chart: points append, the tooltip stays, nothing is rebuilt.
            var constructions = await ConstructionsAsync(page);
            long bytes = 0;
            var counting = true;
            page.Response += async (_, response) =>
            {
                try
                {
                    var body = await response.BodyAsync();
                    if (counting)
                    {
                        Interlocked.Add(ref bytes, body.Length);
                    }
                }
                catch (PlaywrightException)
                {
                    // An event stream has no body to read.
                }
            };
            var appendsBefore = await page.EvaluateAsync<int>("() => window.wandbChartStats.appends");
            var checkbox = table.Locator("tr[data-run='run-03'] input[type=checkbox]");
            for (var round = 1; round <= 3; round++)
            {
                await live.SendAsync(from: 5 * round, count: 5);
                await page.WaitForFunctionAsync(
                    $"() => window.wandbCharts.loss.lines.find(l => l.run === 'live-run')?.xs?.length === {5 * (round + 1)}");
                await Expect(tooltip).ToBeVisibleAsync();
                if (round == 2)
                {
                    // A click in the table between refreshes lands: the row was updated, not replaced. Then back to the chart.
                    await checkbox.CheckAsync();
                    await lossChart.ScrollIntoViewIfNeededAsync();
                    box = (await over.BoundingBoxAsync())!;
                    await page.Mouse.MoveAsync(box.X + (box.Width * 0.05f), box.Y + (box.Height / 2));
                }
            }

            await Expect(checkbox).ToBeCheckedAsync();
            Assert.Equal(constructions, await ConstructionsAsync(page));
            var liveLine = await page.EvaluateAsync<double[]>("() => window.wandbCharts.loss.lines.find(l => l.run === 'live-run').ys");
            Assert.Equal(Enumerable.Range(0, 20).Select(LiveRun.Loss), liveLine);
            counting = false;
            var refreshes = await page.EvaluateAsync<int>("() => window.wandbChartStats.appends") - appendsBefore;
            var perRefresh = Interlocked.Read(ref bytes) / (double)Math.Max(1, refreshes);
            output.WriteLine($"live: {refreshes} refreshes, {Interlocked.Read(ref bytes):N0} bytes, {perRefresh:N0} bytes per refresh " +
                             $"(at most {RefreshesPerMinute}/min: {perRefresh * RefreshesPerMinute / 1024:N0} KB/min), 0 charts rebuilt");
            Assert.True(perRefresh * RefreshesPerMinute < 300 * 1024, $"{perRefresh:N0} bytes per refresh is over 300 KB a minute");

            // A drag zooms (one deliberate rebuild); live rows after it keep the zoomed window.
            await page.Mouse.MoveAsync(box.X + (box.Width * 0.2f), box.Y + (box.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + (box.Width * 0.6f), box.Y + (box.Height / 2), new() { Steps = 5 });
            await page.Mouse.UpAsync();
            await page.WaitForFunctionAsync("() => window.wandbCharts.loss.settings.xMin != null");
            var zoom = await page.EvaluateAsync<double[]>("() => [window.wandbCharts.loss.settings.xMin, window.wandbCharts.loss.settings.xMax]");
            var zoomed = await ConstructionsAsync(page);
            await live.SendAsync(from: 20, count: 5);
            await page.WaitForFunctionAsync("n => window.wandbChartStats.appends > n", await page.EvaluateAsync<int>("() => window.wandbChartStats.appends"));
            Assert.Equal(zoom, await page.EvaluateAsync<double[]>("() => [window.wandbCharts.loss.settings.xMin, window.wandbCharts.loss.settings.xMax]"));
            Assert.Equal(zoomed, await ConstructionsAsync(page));

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "60-failure");
            throw;
        }
    }

    [Fact]
    public async Task A_live_run_shown_by_a_link_but_filtered_off_the_tables_page_still_streams_onto_the_charts()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var client = server.Client;
        await SeedAsync(client);
        var live = new LiveRun(client, "local", Project, "live-run");
        await live.SendAsync(from: 0, count: 5);

        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            // The sender's table searched "run-0" (the live run is not on that page) while the charts showed it.
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync($"/local/{Project}/workspace?ws={ViewLink(new { version = 1, search = "run-0", shown = new[] { "live-run", "run-01" } })}");
            await Expect(page.GetByTestId("runs-table").Locator("tbody tr")).ToHaveCountAsync(10);
            await Expect(page.GetByTestId("runs-table").Locator("tr[data-run='live-run']")).ToHaveCountAsync(0);
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.find(l => l.run === 'live-run')?.xs?.length === 5");
            var constructions = await ConstructionsAsync(page);

            for (var round = 1; round <= 3; round++)
            {
                await live.SendAsync(from: 5 * round, count: 5);
                await page.WaitForFunctionAsync(
                    $"() => window.wandbCharts.loss.lines.find(l => l.run === 'live-run')?.xs?.length === {5 * (round + 1)}");
            }

            Assert.Equal(constructions, await ConstructionsAsync(page));
            Assert.Equal(Enumerable.Range(0, 20).Select(LiveRun.Loss),
                await page.EvaluateAsync<double[]>("() => window.wandbCharts.loss.lines.find(l => l.run === 'live-run').ys"));
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "60-failure-link-live");
            throw;
        }
    }

    /// <summary>A workspace link's <c>?ws=</c>: base64url of the view spec's JSON, as the page writes it.</summary>
    internal static string ViewLink(object spec) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(spec)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task Axes_legends_and_points_read_right_on_33_runs()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync($"/local/{Project}");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.['train/lr']?.lines?.length === 10");
            var longRun = page.GetByTestId("runs-table").Locator("tr[data-run='run-00'] button.eye");
            if (await longRun.GetAttributeAsync("aria-pressed") == "false")
            {
                await longRun.ClickAsync();
            }

            // A 1,500-step run (the point budget) is drawn with every point, not 23 buckets of 64 rows.
            await page.WaitForFunctionAsync($"() => window.wandbCharts['train/lr'].lines.find(l => l.run === 'run-00')?.xs?.length === {LongSteps}");

            // Ticks by magnitude: lr peaks at 3e-4 (never a row of zeros), tokens near 1.2e12 read as T.
            var lrTicks = await TicksAsync(page, "train/lr");
            Assert.Contains(lrTicks, t => t.EndsWith("e-4", StringComparison.Ordinal) || t.EndsWith("e-5", StringComparison.Ordinal));
            Assert.Single(lrTicks, "0");
            Assert.Contains(await TicksAsync(page, "tokens"), t => t.EndsWith('T') && t != "0");

            // Distinct colours for the runs shown; the legend stays within two rows and counts the rest.
            var colors = await page.EvaluateAsync<string[]>("() => window.wandbCharts.loss.lines.map(l => l.color)");
            Assert.Equal(colors.Length, colors.Distinct().Count());
            var legend = page.Locator("figure.chart[aria-label='Chart of loss'] .chart-legend");
            Assert.InRange((await legend.BoundingBoxAsync())!.Height, 10, 42);

            // Log scale: decades, no "0" tick.
            await page.GetByLabel("Log scale").CheckAsync();
            await page.WaitForFunctionAsync("() => window.wandbCharts.loss.settings.logScale");
            Assert.DoesNotContain("0", await TicksAsync(page, "loss"));

            await page.GetByLabel("Log scale").UncheckAsync();
            await page.WaitForFunctionAsync("() => !window.wandbCharts.loss.settings.logScale");
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.WaitForFunctionAsync($"w => Math.abs(document.documentElement.clientWidth - w) < 20", width);
                await Screenshots.SaveAsync(page, $"60-workspace-{width}");
            }

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "60-failure-axes");
            throw;
        }
    }

    private static Task<int> ConstructionsAsync(IPage page) => page.EvaluateAsync<int>("() => window.wandbChartStats.constructions");

    /// <summary>The y-axis labels uPlot last drew for a chart.</summary>
    private static async Task<List<string>> TicksAsync(IPage page, string metric)
    {
        var json = await page.EvaluateAsync<string>("m => JSON.stringify(window.wandbCharts[m].uplot.axes[1]._values ?? [])", metric);
        return JsonSerializer.Deserialize<List<string>>(json)!;
    }

    /// <summary>
    /// 33 finished runs in three groups: a learning rate warming up to 3e-4, a loss, a token count near 1.2e12; run-00
    /// logs 1,500 steps, the others 60.
    /// </summary>
    internal static async Task SeedAsync(WandbClient client, string entity = "local", string project = Project)
    {
        string[] groups = ["baseline", "lr-sweep", "big-batch"];
        for (var i = 0; i < Runs; i++)
        {
            var run = $"run-{i:D2}";
            await client.QueryAsync(
                "mutation($e: String, $p: String, $r: String, $g: String, $c: JSONString) { upsertBucket(input: {entityName: $e, modelName: $p, name: $r, groupName: $g, config: $c}) { bucket { id } } }",
                new { e = entity, p = project, r = run, g = groups[i % 3], c = JsonSerializer.Serialize(new { lr = new { value = 3e-4 }, batch = new { value = 32 * (1 + (i % 4)) } }) });
            var steps = i == 0 ? LongSteps : Steps;
            var lines = Enumerable.Range(0, steps).Select(step =>
            {
                var lr = 3e-4 * Math.Min(1.0, step / (steps * 0.2));
                var loss = (2.0 * Math.Exp(-step / (steps / 4.0))) + 0.05 + (0.01 * i);
                return JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["_step"] = step, ["loss"] = loss, ["train/lr"] = lr, ["tokens"] = 1.2e12 * step / steps,
                });
            }).ToArray();
            // The summary the clients send beside the history: each metric's last value.
            var summary = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["_step"] = steps - 1, ["loss"] = (2.0 * Math.Exp(-(steps - 1) / (steps / 4.0))) + 0.05 + (0.01 * i), ["train/lr"] = 3e-4,
                ["tokens"] = 1.2e12 * (steps - 1) / steps,
            });
            var body = JsonSerializer.Serialize(new
            {
                files = new Dictionary<string, object>
                {
                    ["wandb-history.jsonl"] = new { offset = 0, content = lines },
                    ["wandb-summary.json"] = new { offset = 0, content = new[] { summary } },
                },
            });
            var (status, text) = await client.FileStreamAsync(entity, project, run, body);
            Assert.True(status == 200, text);
            (status, text) = await client.FileStreamAsync(entity, project, run, """{"complete": true, "exitcode": 0}""");
            Assert.True(status == 200, text);
        }
    }
}
