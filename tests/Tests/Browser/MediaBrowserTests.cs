using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// Media in real Chromium, on the project the official Python client 0.16.6 logged (30 runs, four with images, masks,
/// boxes, image lists, histograms, tables, custom charts, audio, HTML, video and a point cloud; tests/fixtures): each
/// kind renders as what it is — an image loaded at its natural size, a drawn histogram, a table's shape — never as raw
/// JSON, at 1280×800 and 1920×1080. Screenshots go to .test-results/screenshots/.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class MediaBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string MediaRun = RecordedMediaProject.MediaRuns[0];

    [Fact]
    public async Task A_runs_summary_shows_its_media_as_thumbnails_sparklines_players_and_table_shapes()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await RecordedMediaProject.SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = WatchConsole(page);
        try
        {
            await LogInAsync(page);
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}/runs/{MediaRun}");
            var summary = page.GetByTestId("summary");

            var image = summary.Locator("tr[data-key='examples'] img");
            await Expect(image).ToHaveCountAsync(1);
            await WaitForImagesAsync(summary.Locator("img"));
            Assert.Equal(32, await image.EvaluateAsync<int>("i => i.naturalWidth"));
            await Expect(summary.Locator("tr[data-key='examples']")).ToContainTextAsync("Image · 32×32");
            await Expect(summary.Locator("tr[data-key='grid'] img")).ToHaveCountAsync(3);
            Assert.True(await summary.Locator("tr[data-key='weights'] svg.sparkline rect").CountAsync() > 20, "the histogram's bins are drawn");
            await Expect(summary.Locator("tr[data-key='predictions']")).ToContainTextAsync("Table · 12 rows × 4 columns");
            await Expect(summary.Locator("tr[data-key='tone'] audio")).ToHaveCountAsync(1);
            await Expect(summary.Locator("tr[data-key='page']")).ToContainTextAsync("HTML");
            await Expect(summary).Not.ToContainTextAsync("_type");

            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);

                // The summary holds its layout: keys on one line in their own column, the panel about one row per key.
                var keyWidth = await summary.Locator("tr[data-key='examples'] td").First.EvaluateAsync<double>("td => td.getBoundingClientRect().width");
                Assert.True(keyWidth > 120, $"the key column is {keyWidth}px wide at {width}×{height}");
                var rows = await summary.Locator("tbody > tr").CountAsync();
                var tableHeight = await summary.EvaluateAsync<double>("t => t.getBoundingClientRect().height");
                Assert.True(tableHeight < rows * 90, $"the summary table is {tableHeight}px tall for {rows} keys at {width}×{height}");
                await Screenshots.SaveAsync(page, $"40-media-run-overview-{width}");
            }

            // A thumbnail opens the full image in a dialog; Escape closes it.
            await summary.Locator("tr[data-key='examples'] .thumb-button").ClickAsync();
            var dialog = page.Locator("dialog.lightbox");
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog).ToContainTextAsync("step 5 of run 0");
            await WaitForImagesAsync(dialog.Locator("img"));
            await Screenshots.SaveAsync(page, "41-media-image-dialog");
            await page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToHaveCountAsync(0);

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
            output.WriteLine($"Screenshots: {Screenshots.Folder}");
        }
        catch
        {
            await Screenshots.SaveAsync(page, "media-failure");
            throw;
        }
    }

    internal static List<string> WatchConsole(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }

    internal static async Task LogInAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email or username").FillAsync("local@wandb.com");
        await page.GetByLabel("Password").FillAsync("test-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Waits until every image of the locator has loaded, and fails when one did not decode.</summary>
    internal static async Task WaitForImagesAsync(ILocator images)
    {
        foreach (var image in await images.AllAsync())
        {
            await image.ScrollIntoViewIfNeededAsync();
            await Expect(image).ToHaveJSPropertyAsync("complete", true);
            var width = await image.EvaluateAsync<int>("i => i.naturalWidth");
            Assert.True(width > 0, $"{await image.GetAttributeAsync("src")} did not decode");
        }
    }
}
