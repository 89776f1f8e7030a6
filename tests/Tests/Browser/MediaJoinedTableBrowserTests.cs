using Microsoft.Playwright;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// The joined and partitioned tables wandb 0.16.6 logged into an artifact (tests/fixtures/python-0.16.6-joined-tables),
/// opened from the artifact's page in real Chromium: each file gets "View table", the joined table shows the joined
/// rows with the first table's image cells drawn, the partitioned one its parts' rows, paged by the server.
/// Screenshots at 1280×800 and 1920×1080 go to .test-results/screenshots/.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class MediaJoinedTableBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Joined_and_partitioned_tables_open_from_the_artifact_page_in_the_paged_viewer()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var client = server.Client;
        var (status, body) = await client.FileStreamAsync("local", "joined", "ul821lob", """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0}"]}}}""");
        Assert.True(status == 200, body);
        var folder = Path.Combine(RepoPaths.Fixtures, "python-0.16.6-joined-tables", "eval");
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => ArtifactFileSource.FromBytes(Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes(f))).ToList();
        await new ArtifactClient(client, "local", "joined").LogAsync("eval", files, run: "ul821lob", type: "evaluation", clientId: "joined-browser-eval");
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync("/local/joined/artifacts/evaluation/eval/v0");
            var filesTable = page.GetByTestId("artifact-files");
            await Expect(filesTable.Locator("tr", new() { HasText = ".joined-table.json" }).GetByRole(AriaRole.Button, new() { Name = "View table" })).ToHaveCountAsync(1);
            await Expect(filesTable.Locator("tr", new() { HasText = ".partitioned-table.json" }).GetByRole(AriaRole.Button, new() { Name = "View table" })).ToHaveCountAsync(1);

            await filesTable.Locator("tr", new() { HasText = "joined.joined-table.json" }).GetByRole(AriaRole.Button, new() { Name = "View table" }).ClickAsync();
            var joined = page.GetByTestId("artifact-table").GetByTestId("media-table");
            await Expect(joined.Locator("tbody tr")).ToHaveCountAsync(7);
            await Expect(joined.Locator("thead th[data-type='image-file']")).ToHaveCountAsync(1);
            await Expect(joined.Locator("thead th")).ToHaveCountAsync(6); // the row number, then the five joined columns
            await MediaBrowserTests.WaitForImagesAsync(joined.Locator("tbody img"));
            Assert.Equal(16, await joined.Locator("tbody img").First.EvaluateAsync<int>("i => i.naturalWidth"));
            await page.GetByTestId("artifact-table").GetByLabel("Filter rows").FillAsync("dog");
            await Expect(page.GetByTestId("artifact-table")).ToContainTextAsync("of 4 rows (filtered from 7)");
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GetByTestId("artifact-table").ScrollIntoViewIfNeededAsync();
                await Screenshots.SaveAsync(page, $"48-media-joined-table-{width}");
            }

            await filesTable.Locator("tr", new() { HasText = "partitioned.partitioned-table.json" }).GetByRole(AriaRole.Button, new() { Name = "View table" }).ClickAsync();
            var parts = page.GetByTestId("artifact-table").GetByTestId("media-table");
            await Expect(page.GetByTestId("artifact-table")).ToContainTextAsync("of 12 rows");
            await Expect(parts.Locator("thead th")).ToHaveCountAsync(4);
            await page.GetByTestId("artifact-table").ScrollIntoViewIfNeededAsync();
            await Screenshots.SaveAsync(page, "49-media-partitioned-table-1920");

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "media-joined-table-failure");
            throw;
        }
    }
}
