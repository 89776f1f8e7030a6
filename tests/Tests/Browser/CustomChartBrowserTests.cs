using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// Custom charts in real Chromium: each <c>wandb.plot</c> preset the official client 0.16.6 logged
/// (tests/fixtures/python-0.16.6-charts.jsonl) is drawn by Vega from its table and the run's <c>_wandb.visualize</c>
/// config, with the marks its kind needs, on the run page and as workspace panels, at 1280×800 and 1920×1080.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class CustomChartBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Chart key → the preset the client named and a Vega mark the drawing must hold.</summary>
    private static readonly (string Key, string Preset, string Mark)[] Charts =
    [
        ("animals", "wandb/bar/v0", "g.mark-rect path"),
        ("cloud", "wandb/scatter/v0", "g.mark-symbol path"),
        ("confusion", "wandb/confusion_matrix/v1", "g.mark-text text"),
        ("pr", "wandb/area-under-curve/v0", "g.mark-line path"),
        ("roc", "wandb/area-under-curve/v0", "g.mark-line path"),
        ("scores", "wandb/histogram/v0", "g.mark-rect path"),
        ("series", "wandb/lineseries/v0", "g.mark-line path"),
        ("wave", "wandb/line/v0", "g.mark-line path"),
    ];

    [Fact]
    public async Task Every_wandb_plot_preset_is_drawn_from_its_table_on_the_run_page_and_in_the_workspace()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await RecordedMediaProject.SeedChartsAsync(server.Client);
        await RecordedMediaProject.SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.ChartsProject}/runs/{RecordedMediaProject.ChartsRun}?tab=Media");
            var panels = page.GetByTestId("media-panels").Locator("section.custom-chart-panel");
            ILocator Chart(string key) => page.GetByTestId("media-panels").Locator($"section.custom-chart-panel[data-key='{key}']");
            await Expect(panels).ToHaveCountAsync(Charts.Length);
            foreach (var (key, preset, mark) in Charts)
            {
                var panel = Chart(key);
                await Expect(panel).ToHaveAttributeAsync("data-preset", preset);
                await Expect(panel).ToHaveAttributeAsync("data-expanded", "false");
                await panel.GetByRole(AriaRole.Button, new() { Name = key, Exact = true }).ClickAsync();
                await Expect(panel.Locator(".custom-chart[data-rendered='true'] svg")).ToHaveCountAsync(1);
                Assert.True(await panel.Locator(mark).CountAsync() > 0, $"{key} ({preset}) has no {mark}");
            }

            // Titles and axis names are the client's: the string settings, the line_series x name, the ROC axis titles.
            await Expect(Chart("wave").Locator("svg")).ToContainTextAsync("Waves");
            await Expect(Chart("series").Locator("svg")).ToContainTextAsync("epoch");
            await Expect(Chart("roc").Locator("svg")).ToContainTextAsync("False positive rate");
            await Expect(Chart("animals").Locator("svg")).ToContainTextAsync("bird");
            Assert.Equal(9, await Chart("confusion").Locator("g.mark-rect.role-mark path").CountAsync());

            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await Expect(Chart("wave").Locator(".custom-chart[data-rendered='true']")).ToHaveCountAsync(1);
                await Screenshots.SaveAsync(page, $"50-custom-charts-run-{width}");
            }

            // The workspace of the media project: the line and confusion matrix charts of the four runs that logged them.
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}");
            await page.GetByLabel("Search").FillAsync("run-0");
            await Expect(page.GetByTestId("run-count")).ToContainTextAsync("10");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show first 10" }).ClickAsync();
            var sine = page.GetByTestId("media-panels").Locator("section.custom-chart-panel[data-key='sine']");
            var confusion = page.GetByTestId("media-panels").Locator("section.custom-chart-panel[data-key='confusion']");
            await sine.GetByRole(AriaRole.Button, new() { Name = "sine", Exact = true }).ClickAsync();
            await confusion.GetByRole(AriaRole.Button, new() { Name = "confusion", Exact = true }).ClickAsync();

            // A line chart holds the four runs at once, each in its run's colour; a confusion matrix stays one per run.
            await Expect(sine.Locator(".custom-chart[data-overlaid='true'][data-rendered='true']")).ToHaveCountAsync(1);
            await Expect(sine.Locator(".custom-chart[data-rendered='true'] g.mark-line path")).ToHaveCountAsync(4);
            var strokes = await sine.Locator("g.mark-line path").EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('stroke'))");
            var legend = await sine.Locator(".legend-run .swatch").EvaluateAllAsync<string[]>("swatches => swatches.map(s => getComputedStyle(s).backgroundColor)");
            Assert.Equal(4, strokes.Distinct().Count());
            Assert.Equal(4, legend.Length);
            await Expect(confusion.Locator(".custom-chart[data-rendered='true']")).ToHaveCountAsync(4);
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await sine.ScrollIntoViewIfNeededAsync();
                await Screenshots.SaveAsync(page, $"51-custom-charts-workspace-{width}");
            }

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
            output.WriteLine($"Screenshots: {Screenshots.Folder}");
        }
        catch
        {
            await Screenshots.SaveAsync(page, "custom-charts-failure");
            throw;
        }
    }
}
