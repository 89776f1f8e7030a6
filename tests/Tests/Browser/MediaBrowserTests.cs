using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Artifacts;
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

            // The Files tab: folders, an image previewed at its natural size, JSON indented, HTML as its source only.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Files" }).ClickAsync();
            var preview = page.GetByTestId("file-preview");
            await page.GetByRole(AriaRole.Button, new() { Name = "wandb-metadata.json" }).ClickAsync();
            await Expect(preview.Locator("pre")).ToContainTextAsync("\n  \"python\": ");
            await page.GetByRole(AriaRole.Button, new() { Name = "media/" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "html/" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "page_10_45bd655c61f417d84825.html" }).ClickAsync();
            await Expect(preview.Locator("pre")).ToContainTextAsync("<script>");
            Assert.Equal(0, await preview.Locator("iframe, h1").CountAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = "media", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "images/" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "pil_0_b99a707e57037984443c.png" }).ClickAsync();
            await WaitForImagesAsync(preview.Locator("img"));
            Assert.Equal(40, await preview.Locator("img").EvaluateAsync<int>("i => i.naturalWidth"));
            await Screenshots.SaveAsync(page, "44-media-run-files");

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
            output.WriteLine($"Screenshots: {Screenshots.Folder}");
        }
        catch
        {
            await Screenshots.SaveAsync(page, "media-failure");
            throw;
        }
    }

    [Fact]
    public async Task Image_and_histogram_panels_show_one_column_per_run_a_shared_step_slider_and_class_overlays()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await RecordedMediaProject.SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = WatchConsole(page);
        try
        {
            await LogInAsync(page);

            // The run page's Media tab: a panel per image or histogram key, at the last step.
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}/runs/{MediaRun}?tab=Media");
            var panels = page.GetByTestId("media-panels");
            await Expect(panels.Locator("section.media-panel")).ToHaveCountAsync(11);
            await Expect(panels.Locator("section.media-panel h3")).ToHaveTextAsync(["clip", "cloud", "confusion_table", "examples", "grid", "page", "pil", "predictions", "sine_table", "tone", "weights"]);
            var examples = panels.Locator("section[data-key='examples']");
            await Expect(examples.Locator(".caption")).ToHaveTextAsync("step 5 of run 0");
            await WaitForImagesAsync(examples.Locator("img"));
            Assert.Equal(32, await examples.Locator("img").EvaluateAsync<int>("i => i.naturalWidth"));
            await Expect(examples.Locator("canvas.mask-layer")).ToHaveCountAsync(1);
            Assert.True(await examples.Locator("canvas.mask-layer").EvaluateAsync<int>("c => c.width") == 32, "the mask is drawn at the image's size");
            await Expect(examples.Locator("svg.box-layer rect")).ToHaveCountAsync(2);
            await Expect(examples.Locator("svg.box-layer")).ToContainTextAsync("cat 0.90");

            // The client's class labels are the toggles; a hidden class leaves the boxes; the score threshold drops low boxes.
            await Expect(examples.Locator(".class-toggle").First).ToContainTextAsync("background");
            await examples.Locator("fieldset", new() { HasText = "Boxes predictions" }).GetByLabel("cat").UncheckAsync();
            await Expect(examples.Locator("svg.box-layer rect")).ToHaveCountAsync(1);
            await examples.Locator("fieldset", new() { HasText = "Boxes predictions" }).GetByLabel("cat").CheckAsync();
            await examples.GetByLabel("Minimum box score").FillAsync("0.85");
            await Expect(examples.Locator("svg.box-layer rect")).ToHaveCountAsync(1);
            await Expect(examples.Locator("svg.box-layer rect")).ToHaveAttributeAsync("data-class", "1");

            // The step slider moves the panel to an earlier step.
            await examples.GetByLabel("Step of examples").FillAsync("0");
            await Expect(examples.Locator(".caption")).ToHaveTextAsync("step 0 of run 0");
            await Expect(panels.Locator("section[data-key='grid'] .image-list img")).ToHaveCountAsync(3);
            await Expect(panels.Locator("section[data-key='weights'] svg.histogram rect")).Not.ToHaveCountAsync(0);
            await Expect(panels.Locator("section[data-key='weights'] canvas.heatmap")).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(page, "42-media-run-panels");

            // The workspace: the four media runs among the runs shown, one column each, every image loaded as a thumbnail.
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}");
            await page.GetByLabel("Search").FillAsync("run-0");
            await Expect(page.GetByTestId("run-count")).ToContainTextAsync("10");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show first 10" }).ClickAsync();
            var workspace = page.GetByTestId("media-panels").Locator("section[data-key='examples']");
            await Expect(workspace.Locator(".media-cell")).ToHaveCountAsync(4);

            // Tables and custom charts start as one header line each (key, rows, runs): many logged tables keep the page short.
            var collapsed = page.GetByTestId("media-panels").Locator("section[data-expanded='false']");
            await Expect(collapsed).ToHaveCountAsync(5);
            await Expect(page.GetByTestId("media-panels").Locator("section[data-key='predictions'] [data-testid='panel-summary']")).ToHaveTextAsync("12 rows × 4 columns · 4 runs");
            await Expect(page.GetByTestId("media-panels").Locator("section[data-key='confusion'] [data-testid='panel-summary']")).ToHaveTextAsync("Confusion matrix · 9 rows × 3 columns · 4 runs");
            foreach (var header in await collapsed.AllAsync())
            {
                var height = await header.EvaluateAsync<double>("s => s.getBoundingClientRect().height");
                Assert.True(height < 64, $"a collapsed panel is {height}px tall");
            }

            Assert.Equal(0, await page.GetByTestId("media-panels").GetByTestId("media-table").CountAsync());
            await Expect(workspace.Locator(".media-cell img")).ToHaveCountAsync(4);
            await Expect(workspace).ToContainTextAsync("6 of the 10 runs shown did not log examples.");
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await WaitForImagesAsync(workspace.Locator(".media-cell img"));
                await page.GetByRole(AriaRole.Heading, new() { Name = "Media", Exact = true }).ScrollIntoViewIfNeededAsync();
                await Screenshots.SaveAsync(page, $"43-media-workspace-{width}");
            }

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "media-panels-failure");
            throw;
        }
    }

    [Fact]
    public async Task A_logged_table_is_paged_sorted_and_filtered_by_the_server_with_its_image_cells_drawn()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await RecordedMediaProject.SeedAsync(server.Client);
        await LogPredictionsArtifactAsync(server.Client);
        await LogLargeTableAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = WatchConsole(page);
        try
        {
            await LogInAsync(page);

            // The run's "predictions" table, read from the artifact copy the client logged with it (its image cells keep their files).
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}/runs/{MediaRun}?tab=Media");
            var predictions = page.GetByTestId("media-panels").Locator("section[data-key='predictions']");
            await Expect(predictions).ToHaveAttributeAsync("data-expanded", "false");
            await Expect(predictions.GetByTestId("panel-summary")).ToHaveTextAsync("12 rows × 4 columns · 1 run");
            await Expect(predictions.GetByTestId("media-table")).ToHaveCountAsync(0);
            await predictions.GetByRole(AriaRole.Button, new() { Name = "predictions" }).ClickAsync();
            var table = predictions.GetByTestId("media-table");
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(12);
            await Expect(table.Locator("thead th[data-type='image-file']")).ToHaveCountAsync(1);
            await Expect(table.Locator("thead th[data-type='number']")).ToHaveCountAsync(2);
            await Expect(table.Locator("tbody img")).ToHaveCountAsync(12);
            await WaitForImagesAsync(table.Locator("tbody img"));
            Assert.Equal(32, await table.Locator("tbody img").First.EvaluateAsync<int>("i => i.naturalWidth"));

            // Sorting by score (descending on the second click) and filtering by label are the server's.
            await table.GetByRole(AriaRole.Button, new() { Name = "score" }).ClickAsync();
            await table.GetByRole(AriaRole.Button, new() { Name = "score ▲" }).ClickAsync();
            await Expect(table.Locator("tbody tr").First).ToHaveAttributeAsync("data-row", "11");
            await predictions.GetByLabel("Filter rows").FillAsync("dog");
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(6);
            await Expect(predictions).ToContainTextAsync("1–6 of 6 rows (filtered from 12)");
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await predictions.ScrollIntoViewIfNeededAsync();
                await Screenshots.SaveAsync(page, $"45-media-table-{width}");
            }

            // A 100,000-row table: the first page, then the last, each one page of rows in the page.
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}/runs/{LargeTableRun}?tab=Media");
            var large = page.GetByTestId("media-panels").Locator("section[data-key='big']");
            await Expect(large.GetByTestId("panel-summary")).ToHaveTextAsync("100,000 rows × 3 columns · 1 run");
            await large.GetByRole(AriaRole.Button, new() { Name = "big" }).ClickAsync();
            await Expect(large).ToContainTextAsync("1–25 of 100,000 rows");
            await large.GetByLabel("Rows per page").SelectOptionAsync("100");
            await Expect(large.GetByTestId("media-table").Locator("tbody tr")).ToHaveCountAsync(100);
            await large.GetByRole(AriaRole.Button, new() { Name = "score" }).ClickAsync();
            await large.GetByRole(AriaRole.Button, new() { Name = "score ▲" }).ClickAsync();
            await Expect(large.GetByTestId("media-table").Locator("tbody tr").First).ToHaveAttributeAsync("data-row", "99999");
            await Screenshots.SaveAsync(page, "46-media-table-large");

            // The same table inside its artifact, from the artifact's page.
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}/artifacts/run_table/run-{MediaRun}-predictions/v0");
            await page.GetByRole(AriaRole.Button, new() { Name = "View table" }).ClickAsync();
            var inArtifact = page.GetByTestId("artifact-table").GetByTestId("media-table");
            await Expect(inArtifact.Locator("tbody tr")).ToHaveCountAsync(12);
            await WaitForImagesAsync(inArtifact.Locator("tbody img"));
            await Screenshots.SaveAsync(page, "47-media-table-artifact");

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "media-table-failure");
            throw;
        }
    }

    [Fact]
    public async Task Html_audio_video_and_point_cloud_panels_play_in_the_page_with_the_html_in_a_sandbox_that_reaches_nothing()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await RecordedMediaProject.SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = WatchConsole(page);
        try
        {
            await LogInAsync(page);
            await page.GotoAsync($"/{RecordedMediaProject.Entity}/{RecordedMediaProject.Project}/runs/{MediaRun}?tab=Media");
            var panels = page.GetByTestId("media-panels");

            // wandb.Html: the page's own script runs, in a frame without allow-same-origin, so in an origin of its own that may fetch nothing.
            var frameElement = panels.Locator("section[data-key='page'] iframe.html-media");
            await Expect(frameElement).ToHaveAttributeAsync("sandbox", "allow-scripts");
            var frame = page.FrameLocator("section[data-key='page'] iframe.html-media");
            await Expect(frame.Locator("h1")).ToHaveTextAsync("Report");
            var html = page.Frames.Single(f => f.Url.Contains("/html?path=", StringComparison.Ordinal));
            Assert.Equal("pwned", await html.EvaluateAsync<string>("() => document.title"));
            Assert.Equal("null", await html.EvaluateAsync<string>("() => self.origin"));
            Assert.Equal("blocked", await html.EvaluateAsync<string>("() => fetch('/api/session', { credentials: 'include' }).then(() => 'reached', () => 'blocked')"));
            Assert.Equal("blocked", await html.EvaluateAsync<string>("() => { try { return String(parent.document.cookie); } catch { return 'blocked'; } }"));
            Assert.NotEqual("pwned", await page.TitleAsync());

            // The frame's refused fetch is logged by the frame (the app itself may fetch its own origin): not an error of the app.
            consoleErrors.RemoveAll(e => e.Contains("/api/session", StringComparison.Ordinal) && e.Contains("Content Security Policy", StringComparison.Ordinal));

            // wandb.Audio: a player, the waveform decoded in the page, the duration.
            var tone = panels.Locator("section[data-key='tone']");
            await Expect(tone.Locator("audio")).ToHaveCountAsync(1);
            await Expect(tone.Locator("canvas.waveform[data-drawn='true']")).ToHaveCountAsync(1);
            await Expect(tone.GetByTestId("audio-duration")).ToHaveTextAsync("0:00.5");

            // wandb.Video written as a GIF: shown as the animated image.
            var clip = panels.Locator("section[data-key='clip'] img");
            await WaitForImagesAsync(clip);

            // wandb.Object3D: the 50 points drawn, and a drag turns the cloud.
            var cloud = panels.Locator("section[data-key='cloud'] canvas.point-cloud");
            await Expect(cloud).ToHaveAttributeAsync("data-points", "50");
            await Expect(panels.Locator("section[data-key='cloud']").GetByTestId("point-count")).ToContainTextAsync("50 points");
            var yaw = await cloud.GetAttributeAsync("data-yaw");
            var box = (await cloud.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + (box.Width / 2) + 80, box.Y + (box.Height / 2) + 10, new() { Steps = 4 });
            await page.Mouse.UpAsync();
            await Expect(cloud).Not.ToHaveAttributeAsync("data-yaw", yaw!);

            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await panels.Locator("section[data-key='page']").ScrollIntoViewIfNeededAsync();
                await Screenshots.SaveAsync(page, $"48-media-players-{width}");
            }

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "media-players-failure");
            throw;
        }
    }

    private const string LargeTableRun = "bigtable1";

    /// <summary>
    /// The artifact the client logs with a table of images (<c>run-{run}-predictions</c>, under the client ids the recorded
    /// values name: the version's in history, the collection's with <c>:latest</c> in the summary): the recorded table's rows with their image cells, as the client writes tables into artifacts.
    /// </summary>
    private static async Task LogPredictionsArtifactAsync(WandbClient client)
    {
        var recorded = RecordedMediaProject.FileBytes(MediaRun, "media/table/predictions_6_9803412d50695a27bf11.table.json");
        var rows = JsonNode.Parse(recorded)!["data"]!.AsArray();
        var images = Directory.GetFiles(Path.Combine(RecordedMediaProject.FilesFolder, MediaRun, "media", "images"), "examples_*.png").Order(StringComparer.Ordinal).ToList();
        var files = new List<ArtifactFileSource>();
        for (var i = 0; i < rows.Count; i++)
        {
            var name = $"media/images/{Path.GetFileName(images[i % images.Count])}";
            if (i < images.Count)
            {
                files.Add(ArtifactFileSource.FromBytes(name, File.ReadAllBytes(images[i])));
            }

            rows[i]![1] = new JsonObject { ["_type"] = "image-file", ["path"] = name, ["format"] = "png", ["width"] = 32, ["height"] = 32 };
        }

        var table = new JsonObject { ["columns"] = new JsonArray("id", "image", "label", "score"), ["data"] = rows.DeepClone() };
        files.Add(ArtifactFileSource.FromText("predictions.table.json", table.ToJsonString()));
        await new ArtifactClient(client, RecordedMediaProject.Entity, RecordedMediaProject.Project).LogAsync($"run-{MediaRun}-predictions", files,
            run: MediaRun, type: "run_table",
            clientId: "ifpt0kb5ar1fwbfn36yeqgiapahenljm5p33uaz3ec297tjfjtn113nqab4fudnvd9l3cjzf5hxfxwegbajh2szcjogmb0pce4xskwmw5439mkmy2zm95lgdzjer1614",
            sequenceClientId: "vuvjanrwo2gi48wafakdqrqis5qh894lguaeqtjb1k4jnldcddzq0afn5denyitzckfu4z5r6049jy2l87grgttcuffudp5hu6g6kvk37qip3e8lj89g5aq9dkez8rmi");
    }

    /// <summary>A run that logged a 100,000-row table (key <c>big</c>) at step 0, as a table-file value and its file.</summary>
    private static async Task LogLargeTableAsync(WandbClient client)
    {
        var bytes = WebApp.MediaTableTests.LargeTable(100_000);
        var value = $$"""{"_type": "table-file", "path": "media/table/big_0_0123456789abcdef0123.table.json", "size": {{bytes.Length}}, "ncols": 3, "nrows": 100000}""";
        var (status, body) = await client.FileStreamAsync(RecordedMediaProject.Entity, RecordedMediaProject.Project, LargeTableRun,
            new JsonObject { ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray($$"""{"_step": 0, "big": {{value}}}""") } } }.ToJsonString());
        Assert.True(status == 200, body);
        await RecordedMediaProject.UploadAsync(client, LargeTableRun, "media/table/big_0_0123456789abcdef0123.table.json", bytes);
    }

    internal static List<string> WatchConsole(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // A user's wandb.Html page logs what its sandbox refuses it (its stylesheet link, its fetches): its own errors, not the app's.
            if (message.Type == "error" && !message.Location.Contains("/html?path=", StringComparison.Ordinal))
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
