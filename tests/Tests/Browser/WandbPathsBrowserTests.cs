using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// W&amp;B's own paths land on the same content here, so a pasted W&amp;B link works: a run's tabs
/// (<c>/runs/{id}/logs</c>, and the address follows the tab chosen), the runs table (<c>/table</c>, <c>/runs</c>), a
/// group (<c>/groups/{group}</c>), the project overview, reports (a report saved through the API read as text), sweeps
/// and <c>/{entity}/projects</c>. Screenshots 64-*.png.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class WandbPathsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Pasted_wandb_links_land_on_the_same_content()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await WorkspaceBrowserTests.SeedAsync(server.Client);
        var spec = JsonSerializer.Serialize(new
        {
            version = 5,
            blocks = new object[]
            {
                new { type = "heading", level = 1, children = new[] { new { text = "Warmup matters" } } },
                new { type = "paragraph", children = new[] { new { text = "The lr sweep converges <b>faster</b>." } } },
                new { type = "panel-grid", metadata = new { panelBankSectionConfig = new { panels = new[] { new { viewType = "Run History Line Plot", config = new { metrics = new[] { "loss" } } } } } } },
            },
        });
        var saved = await server.Client.QueryAsync(
            "mutation($s: String!) { upsertView(input: {entityName: \"local\", projectName: \"workspace\", type: \"runs\", name: \"r1\", displayName: \"Warmup study\", description: \"What the sweep showed\", spec: $s}) { view { id } } }",
            new { s = spec });
        var reportId = saved["upsertView"]!["view"]!["id"]!.GetValue<string>();

        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);

            // A run's tab by path; choosing another tab puts W&B's path in the address.
            await page.GotoAsync("/local/workspace/runs/run-01/logs");
            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Logs" })).ToHaveAttributeAsync("aria-selected", "true");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Files" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/local/workspace/runs/run-01/files$"));
            await page.GotoAsync("/local/workspace/runs/run-01/overview");
            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Overview" })).ToHaveAttributeAsync("aria-selected", "true");
            await page.GotoAsync("/local/workspace/runs/run-01/workspace");
            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Charts" })).ToHaveAttributeAsync("aria-selected", "true");

            // The runs table over the whole page, at /table and /runs; a button brings the panels back.
            foreach (var path in new[] { "/local/workspace/table", "/local/workspace/runs" })
            {
                await page.GotoAsync(path);
                await Expect(page.GetByTestId("runs-table").Locator("tbody tr[data-run]")).ToHaveCountAsync(WorkspaceBrowserTests.Runs);
                await Expect(page.Locator(".panels-pane")).ToBeHiddenAsync();
                Assert.True((await page.Locator("#runs-pane").BoundingBoxAsync())!.Width > 1100, "the table takes the page");
            }

            await Screenshots.SaveAsync(page, "64-table");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show panels" }).ClickAsync();
            await Expect(page.Locator(".panels-pane")).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/local/workspace/workspace"));

            // A group: the workspace over its runs (11 of the 33 are in lr-sweep).
            await page.GotoAsync("/local/workspace/groups/lr-sweep");
            await Expect(page.GetByTestId("runs-table").Locator("tbody tr[data-run]")).ToHaveCountAsync(11);
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Filters" })).ToContainTextAsync("Group = lr-sweep");

            // The project overview counts what the project holds.
            await page.GotoAsync("/local/workspace/overview");
            await Expect(page.GetByTestId("project-counts")).ToContainTextAsync("33 runs");
            await Expect(page.GetByTestId("project-counts")).ToContainTextAsync("33 finished");
            await Expect(page.GetByTestId("project-counts")).ToContainTextAsync("1 report");
            await Screenshots.SaveAsync(page, "64-overview");

            // Reports: the list, and a report by W&B's path, its text shown as text.
            await page.GotoAsync("/local/workspace/reports");
            await page.GetByTestId("reports").GetByRole(AriaRole.Link, new() { Name = "Warmup study" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/local/workspace/reports/Warmup-study--{Regex.Escape(Uri.EscapeDataString(reportId))}$"));
            var report = page.GetByTestId("report");
            await Expect(report.GetByRole(AriaRole.Heading, new() { Name = "Warmup study" })).ToBeVisibleAsync();
            await Expect(report.GetByRole(AriaRole.Heading, new() { Name = "Warmup matters" })).ToBeVisibleAsync();
            await Expect(report).ToContainTextAsync("The lr sweep converges <b>faster</b>.");
            await Expect(report).ToContainTextAsync("Run History Line Plot: loss");
            await Screenshots.SaveAsync(page, "64-report");

            await page.GotoAsync("/local/workspace/sweeps");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sweeps" }).First).ToBeVisibleAsync();
            await page.GotoAsync("/local/projects");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "workspace", Exact = true }).First).ToBeVisibleAsync();
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "64-failure");
            throw;
        }
    }
}
