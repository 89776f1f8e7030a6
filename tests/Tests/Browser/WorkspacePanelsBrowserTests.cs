using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// Panels managed as W&amp;B users manage them (issue #15, defect 6), on 33 runs and a live one: sections added,
/// renamed, collapsed, moved; line panels with several metrics, a metric regex, their own x-axis, smoothing, log scale
/// and y range; bar, scalar and scatter panels; panels resized, dragged and deleted; a System section; all of it
/// saved in the view and restored on reload, while a live run streams into the panels in place. Screenshots
/// 64-panels-*.png at 1280×800 and 1920×1080.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class WorkspacePanelsBrowserTests(BrowserFixture browser)
{
    private const string Project = "workspace";

    [Fact]
    public async Task Panels_and_sections_are_added_edited_resized_moved_and_deleted_and_a_reload_restores_them()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var client = server.Client;
        await WorkspaceBrowserTests.SeedAsync(client);
        var live = new LiveRun(client, "local", Project, "live-run");
        await live.SendAsync(from: 0, count: 5);

        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync($"/local/{Project}");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");

            // The layout that follows the metrics: a section per prefix and a System section of the runs' system metrics.
            await Expect(Section(page, "train")).ToBeVisibleAsync();
            await Expect(Section(page, "System")).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("() => window.wandbCharts?.['system.cpu']?.lines?.some(l => l.run === 'live-run' && l.xs.length === 5)");

            // A section of one's own, with a panel of two metrics, a running average and a log y-axis.
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Add section" }).ClickAsync();
            await page.Locator("#section-name").FillAsync("Mine");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add section", Exact = true }).ClickAsync();
            await AddPanelAsync(page, "Mine", "line", "Loss and LR", p => p.Locator("#panel-metrics").SelectOptionAsync(["loss", "train/lr"]),
                async p =>
                {
                    await p.Locator("#panel-smoothing-type").SelectOptionAsync("average");
                    await p.Locator("#panel-smoothing").FillAsync("5");
                    await p.Locator("#panel-log-y").SelectOptionAsync("log");
                });
            await page.WaitForFunctionAsync("() => window.wandbCharts['Loss and LR']?.lines?.length === 20");
            var drawn = await page.EvaluateAsync<string[]>(
                "() => { const s = window.wandbCharts['Loss and LR'].settings; return [s.smoothingType, String(s.smoothing), String(s.logScale)]; }");
            Assert.Equal(["average", "5", "true"], drawn);

            // A panel by regex: every metric under train/, and a metric logged later under it would join.
            await AddPanelAsync(page, "Mine", "line", "Train regex", p => p.Locator("#panel-regex").FillAsync("^train/"));
            await page.WaitForFunctionAsync("() => JSON.stringify(window.wandbCharts['Train regex']?.metrics) === '[\"train/lr\"]'");

            // Editing a panel: tokens as its x-axis, a fixed y range.
            await Panel(page, "Loss and LR").GetByRole(AriaRole.Button, new() { Name = "Edit panel Loss and LR" }).ClickAsync();
            await page.Locator("#panel-x-axis").SelectOptionAsync("tokens");
            await page.Locator("#panel-y-min").FillAsync("0.01");
            await page.Locator("#panel-y-max").FillAsync("3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save panel" }).ClickAsync();
            await page.WaitForFunctionAsync(
                "() => { const c = window.wandbCharts['Loss and LR']; return c?.settings?.xAxis === 'tokens' && c.uplot && Math.abs(c.uplot.scales.y.max - 3) < 1e-9; }");

            // Bar, scalar and scatter panels over the runs' summaries and configs.
            await AddPanelAsync(page, "Mine", "bar", "Final loss", p => p.Locator("#panel-metric").SelectOptionAsync("loss"));
            await AddPanelAsync(page, "Mine", "scalar", "Mean loss", p => p.Locator("#panel-metric").SelectOptionAsync("loss"));
            await AddPanelAsync(page, "Mine", "scatter", "Loss by batch", async p =>
            {
                await p.Locator("#panel-x-metric").SelectOptionAsync("config.batch");
                await p.Locator("#panel-metric").SelectOptionAsync("loss");
            });
            await page.WaitForFunctionAsync("() => window.wandbPanels['Final loss']?.values?.length === 10");
            await page.WaitForFunctionAsync("() => window.wandbPanels['Mean loss']?.count === 10");
            // The live run has no batch in its config: nine points.
            await page.WaitForFunctionAsync("() => window.wandbPanels['Loss by batch']?.points?.length === 9");
            var bars = await page.EvaluateAsync<double[]>("() => window.wandbPanels['Final loss'].values.map(v => v.value)");
            var mean = await page.EvaluateAsync<double>("() => window.wandbPanels['Mean loss'].value");
            Assert.Equal(bars.Average(), mean, 12);

            // Resizing: the keyboard, then the corner dragged to the whole row.
            var resize = Panel(page, "Loss and LR").GetByRole(AriaRole.Slider, new() { Name = "Size of Loss and LR" });
            await resize.FocusAsync();
            await resize.PressAsync("ArrowRight");
            await Expect(Panel(page, "Loss and LR")).ToHaveClassAsync("ws-panel w2");
            await resize.PressAsync("ArrowDown");
            await page.WaitForFunctionAsync("() => window.wandbCharts['Loss and LR']?.uplot?.height === 320");
            var grid = (await Section(page, "Mine").Locator(".ws-panel-grid").BoundingBoxAsync())!;
            var corner = (await resize.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(corner.X + 5, corner.Y + 5);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(grid.X + grid.Width - 4, corner.Y + 5, new() { Steps = 5 });
            await page.Mouse.UpAsync();
            await Expect(Panel(page, "Loss and LR")).ToHaveClassAsync("ws-panel w3");

            // Moving: the regex panel dragged before the first, then a button moves it back one place.
            await Panel(page, "Train regex").Locator(".drag-handle").DragToAsync(Panel(page, "Loss and LR"));
            Assert.Equal(["Train regex", "Loss and LR", "Final loss", "Mean loss", "Loss by batch"], await PanelTitlesAsync(page, "Mine"));
            await Panel(page, "Train regex").GetByRole(AriaRole.Button, new() { Name = "Move right Train regex" }).ClickAsync();
            Assert.Equal(["Loss and LR", "Train regex", "Final loss", "Mean loss", "Loss by batch"], await PanelTitlesAsync(page, "Mine"));

            // Sections: collapsed (its panels are not drawn), moved up, renamed; a metric's panel deleted.
            await Section(page, "train").Locator(".section-toggle").ClickAsync();
            await Expect(Section(page, "train").Locator(".section-toggle")).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(Section(page, "train").Locator(".ws-panel")).ToHaveCountAsync(0);
            for (var up = 0; up < 3; up++)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Move section up Mine" }).ClickAsync();
            }

            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move section up Mine" })).ToBeDisabledAsync();
            await Panel(page, "tokens").GetByRole(AriaRole.Button, new() { Name = "Delete panel tokens" }).ClickAsync();
            await Expect(Panel(page, "tokens")).ToHaveCountAsync(0);
            var saved = page.WaitForRequestAsync(r => r.PostData?.Contains("SaveWorkspaceView", StringComparison.Ordinal) == true
                                                       && r.PostData.Contains("Experiments", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Button, new() { Name = "Rename section Mine" }).ClickAsync();
            await page.Locator("#section-name").FillAsync("Experiments");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
            Assert.True((await (await saved).ResponseAsync())!.Ok, "the default view was saved");
            var layout = await LayoutAsync(page);
            Assert.Equal("Experiments", layout[0]);

            // Live rows stream into the panels in place while the cursor rests on a chart.
            var over = Panel(page, "loss").Locator(".u-over");
            await over.ScrollIntoViewIfNeededAsync();
            var box = (await over.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + (box.Width * 0.5f), box.Y + (box.Height / 2));
            var constructions = await page.EvaluateAsync<int>("() => window.wandbChartStats.constructions");
            await live.SendAsync(from: 5, count: 5);
            await page.WaitForFunctionAsync("() => window.wandbCharts.loss.lines.find(l => l.run === 'live-run')?.xs?.length === 10");
            await Expect(Panel(page, "loss").Locator(".chart-tooltip")).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("() => window.wandbCharts['system.cpu'].lines.find(l => l.run === 'live-run')?.xs?.length === 10");
            Assert.Equal(constructions, await page.EvaluateAsync<int>("() => window.wandbChartStats.constructions"));

            // A reload (the address) and a visit without it (the server's default view) restore the layout.
            await page.ReloadAsync();
            await page.WaitForFunctionAsync("() => window.wandbCharts?.['Loss and LR']?.uplot");
            Assert.Equal(layout, await LayoutAsync(page));
            await page.GotoAsync($"/local/{Project}");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.['Loss and LR']?.uplot");
            Assert.Equal(layout, await LayoutAsync(page));
            Assert.Equal("tokens", await page.EvaluateAsync<string>("() => window.wandbCharts['Loss and LR'].settings.xAxis"));
            await Expect(Panel(page, "tokens")).ToHaveCountAsync(0);
            await Expect(Section(page, "train").Locator(".section-toggle")).ToHaveAttributeAsync("aria-expanded", "false");

            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.WaitForFunctionAsync("w => Math.abs(document.documentElement.clientWidth - w) < 20", width);
                await page.WaitForFunctionAsync("() => Math.abs(window.wandbCharts['Loss and LR'].uplot.width - window.wandbCharts['Loss and LR'].uplot.root.parentElement.clientWidth) <= 2");
                await Screenshots.SaveAsync(page, $"64-panels-{width}");
            }

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "64-failure");
            throw;
        }
    }

    [Fact]
    public async Task Run_sets_draw_several_filtered_groups_of_runs_that_group_by_set_and_survive_a_reload()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await WorkspaceBrowserTests.SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync($"/local/{Project}");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");

            // No run picked in the table; two run sets of 11 runs each, by group.
            await page.GetByRole(AriaRole.Button, new() { Name = "Hide all" }).ClickAsync();
            await page.WaitForFunctionAsync("() => document.querySelector('section.ws-section') === null || window.wandbCharts.loss.lines.length === 0");
            foreach (var group in new[] { "baseline", "lr-sweep" })
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "+ Run set" }).ClickAsync();
                await page.Locator("#run-set-name").FillAsync(group);
                await page.Locator("#run-set-filter").FillAsync($$"""{"group": "{{group}}"}""");
                await page.GetByRole(AriaRole.Button, new() { Name = "Add run set" }).ClickAsync();
            }

            await Expect(page.Locator("[data-run-set='lr-sweep']")).ToContainTextAsync("11 runs");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 22");

            // A bad filter is refused in the dialog, not sent.
            await page.GetByRole(AriaRole.Button, new() { Name = "+ Run set" }).ClickAsync();
            await page.Locator("#run-set-name").FillAsync("broken");
            await page.Locator("#run-set-filter").FillAsync("{group: baseline");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add run set" }).ClickAsync();
            await Expect(page.Locator("dialog p.error")).Not.ToBeEmptyAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

            // Grouped by run set: a mean line per set over its 11 runs.
            await page.GetByLabel("Group runs by").SelectOptionAsync("runSet");
            await page.WaitForFunctionAsync("() => window.wandbCharts.loss.lines.length === 2");
            var labels = await page.EvaluateAsync<string[]>("() => window.wandbCharts.loss.lines.map(l => l.label).sort()");
            Assert.Equal(["baseline (11 runs)", "lr-sweep (11 runs)"], labels);

            // Hiding a set keeps it in the view; a reload restores both sets and the grouping.
            var saved = page.WaitForRequestAsync(r => r.PostData?.Contains("SaveWorkspaceView", StringComparison.Ordinal) == true
                                                       && r.PostData.Contains("\\\"enabled\\\":false", StringComparison.Ordinal));
            await page.GetByLabel("Draw run set baseline").UncheckAsync();
            await page.WaitForFunctionAsync("() => window.wandbCharts.loss.lines.length === 1");
            Assert.True((await (await saved).ResponseAsync())!.Ok, "the default view was saved");
            await page.GotoAsync($"/local/{Project}");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 1 && window.wandbCharts.loss.lines[0].label === 'lr-sweep (11 runs)'");
            await Expect(page.GetByLabel("Draw run set baseline")).Not.ToBeCheckedAsync();
            await Screenshots.SaveAsync(page, "64-run-sets");
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "64-failure-run-sets");
            throw;
        }
    }

    /// <summary>A section by its name (its toggle reads "▾name (n)").</summary>
    private static ILocator Section(IPage page, string name) =>
        page.Locator("section.ws-section").Filter(new()
        {
            Has = page.Locator(".section-toggle", new() { HasTextRegex = new Regex($"^[▸▾]{Regex.Escape(name)} \\(") }),
        });

    private static ILocator Panel(IPage page, string title) => page.Locator($"article.ws-panel[aria-label='{title}']");

    private static Task<string[]> PanelTitlesAsync(IPage page, string section) =>
        Section(page, section).Locator("article.ws-panel").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('aria-label'))");

    /// <summary>The sections in order, each with its state and its panels (kind, width, title).</summary>
    private static Task<string[]> LayoutAsync(IPage page) => page.EvaluateAsync<string[]>(
        """
        () => [...document.querySelectorAll('section.ws-section')].flatMap(s => [
          s.querySelector('.section-toggle').childNodes[1].textContent,
          s.querySelector('.section-toggle').getAttribute('aria-expanded'),
          ...[...s.querySelectorAll('article.ws-panel')].map(p => `${p.dataset.kind} ${p.className} ${p.getAttribute('aria-label')}`)])
        """);

    private static async Task AddPanelAsync(IPage page, string section, string kind, string title, params Func<IPage, Task>[] fill)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add panel to {section}" }).ClickAsync();
        await page.Locator("#panel-kind").SelectOptionAsync(kind);
        await page.Locator("#panel-title").FillAsync(title);
        foreach (var step in fill)
        {
            await step(page);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Add panel", Exact = true }).ClickAsync();
        await Expect(Panel(page, title)).ToBeVisibleAsync();
    }
}
