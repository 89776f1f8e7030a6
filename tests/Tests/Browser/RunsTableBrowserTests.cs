using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// The workspace's runs table as a W&amp;B user works it, on 33 runs: columns hidden, added and reordered (the name
/// stays pinned first), sorting on a config column and on runtime, the filter builder (field, operator, value) whose
/// filters show as removable chips, both kept in the view across a reload; bulk actions on selected runs (tag,
/// untag, delete). Screenshots 63-*.png.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class RunsTableBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Columns_sorting_filters_and_bulk_actions_work_and_the_view_keeps_them()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await WorkspaceBrowserTests.SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync("/local/workspace");
            var table = page.GetByTestId("runs-table");
            var rows = table.Locator("tbody tr[data-run]");
            await Expect(rows).ToHaveCountAsync(WorkspaceBrowserTests.Runs);
            var headers = table.Locator("thead th");

            // Columns: hide Job type, add config.batch and move it next to the name.
            await page.GetByRole(AriaRole.Button, new() { Name = "Columns", Exact = true }).ClickAsync();
            var picker = page.Locator("#columns-picker");
            await picker.GetByRole(AriaRole.Button, new() { Name = "Hide Job type" }).ClickAsync();
            await Expect(headers).Not.ToContainTextAsync(["Job type"]);
            await picker.GetByLabel("Find a column").FillAsync("batch");
            await picker.GetByRole(AriaRole.Button, new() { Name = "Add column config.batch" }).ClickAsync();
            for (var i = 0; i < 6; i++)
            {
                await picker.GetByRole(AriaRole.Button, new() { Name = "Move config.batch left" }).ClickAsync();
            }

            await Expect(picker.GetByRole(AriaRole.Button, new() { Name = "Move config.batch left" })).ToBeDisabledAsync();
            var headerTexts = await headers.AllTextContentsAsync();
            Assert.StartsWith("Name", headerTexts[2], StringComparison.Ordinal);
            Assert.StartsWith("config.batch", headerTexts[3], StringComparison.Ordinal);
            Assert.DoesNotContain(headerTexts, h => h.StartsWith("Job type", StringComparison.Ordinal));
            await ViewportScreenshotAsync(page, "63-columns-picker");
            await page.GetByRole(AriaRole.Button, new() { Name = "Columns", Exact = true }).ClickAsync();

            // Sort by the config column, then by runtime.
            await table.GetByRole(AriaRole.Button, new() { Name = "config.batch" }).ClickAsync();
            await Expect(table.Locator("th[aria-sort='ascending']")).ToContainTextAsync("config.batch");
            await Expect(rows.First.Locator("td").Nth(3)).ToHaveTextAsync("32");
            await Expect(rows.Last.Locator("td").Nth(3)).ToHaveTextAsync("128");
            await table.GetByRole(AriaRole.Button, new() { Name = "Runtime" }).ClickAsync();
            await Expect(table.Locator("th[aria-sort='ascending']")).ToContainTextAsync("Runtime");
            await table.GetByRole(AriaRole.Button, new() { Name = "config.batch" }).ClickAsync();
            await Expect(table.Locator("th[aria-sort='ascending']")).ToContainTextAsync("config.batch");

            // The filter builder: config.batch > 64 keeps the 16 runs of batch 96 and 128, shown as a chip.
            await page.GetByLabel("Filter field").SelectOptionAsync("config.batch");
            await page.GetByLabel("Filter operator").SelectOptionAsync(">");
            await page.GetByLabel("Filter value").FillAsync("64");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add filter" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Filters" }).Locator("li")).ToHaveTextAsync([new Regex("config.batch > 64")]);
            await Expect(rows).ToHaveCountAsync(16);
            await Expect(page.GetByTestId("run-count")).ToHaveTextAsync("(16)");
            await ViewportScreenshotAsync(page, "63-runs-table-1280");

            // A reload keeps the columns, the order and the filter.
            await page.ReloadAsync();
            await Expect(rows).ToHaveCountAsync(16);
            headerTexts = await headers.AllTextContentsAsync();
            Assert.StartsWith("config.batch", headerTexts[3], StringComparison.Ordinal);
            await Expect(table.Locator("th[aria-sort='ascending']")).ToContainTextAsync("config.batch");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove filter config.batch > 64" }).ClickAsync();
            await Expect(rows).ToHaveCountAsync(WorkspaceBrowserTests.Runs);

            // Bulk actions on two selected runs: tag, untag, delete.
            await table.Locator("tr[data-run='run-05'] input[type=checkbox]").CheckAsync();
            await table.Locator("tr[data-run='run-06'] input[type=checkbox]").CheckAsync();
            var bar = page.GetByRole(AriaRole.Group, new() { Name = "Selected runs" });
            await Expect(bar.GetByTestId("selected-count")).ToHaveTextAsync("2 selected");
            await bar.GetByLabel("Tag for the selected runs").FillAsync("best");
            await bar.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
            await Expect(table.Locator("tr[data-run='run-05'] .tag")).ToHaveTextAsync(["best"]);
            await Expect(table.Locator("tr[data-run='run-06'] .tag")).ToHaveTextAsync(["best"]);
            await ViewportScreenshotAsync(page, "63-bulk-actions");
            await bar.GetByRole(AriaRole.Button, new() { Name = "Remove tag" }).ClickAsync();
            await Expect(table.Locator("tr[data-run='run-05'] .tag")).ToHaveCountAsync(0);
            await table.Locator("tr[data-run='run-05'] input[type=checkbox]").UncheckAsync();
            await Expect(bar.GetByTestId("selected-count")).ToHaveTextAsync("1 selected");
            await bar.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete 1 run" }).ClickAsync();
            await Expect(rows).ToHaveCountAsync(WorkspaceBrowserTests.Runs - 1);
            await Expect(table.Locator("tr[data-run='run-06']")).ToHaveCountAsync(0);
            await Expect(bar).ToBeHiddenAsync();
            var left = await server.Client.QueryAsync("query { project(name: \"workspace\", entityName: \"local\") { run(name: \"run-06\") { name } } }");
            Assert.Null(left["project"]!["run"]);

            await page.SetViewportSizeAsync(1920, 1080);
            await page.WaitForFunctionAsync("() => Math.abs(document.documentElement.clientWidth - 1920) < 20");
            await ViewportScreenshotAsync(page, "63-runs-table-1920");
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await ViewportScreenshotAsync(page, "63-failure");
            throw;
        }
    }

    /// <summary>
    /// The window as the user sees it. A full-page capture grows the window to the page, and the runs panel, as tall as
    /// the window, grows with it: with the columns picker open the capture never settles.
    /// </summary>
    private static async Task ViewportScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots.Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder, name + ".png") });
    }
}
