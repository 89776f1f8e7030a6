using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// The artifact pages in real Chromium: versions logged and used through the HTTP save flow the clients use, then
/// browsed from the project page (collections by type, versions with aliases, sizes, metadata, files that download
/// byte for byte, lineage to the producing and using runs) and back from a run's Artifacts tab, by keyboard where a
/// person would use one. Screenshots go to .test-results/screenshots/.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class ArtifactPagesBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Entity = "local";
    private const string Project = "artifact-pages";
    private const string LongName = "resnet50-imagenet-finetuned-with-mixup-cutmix-and-label-smoothing-epoch-300-final-checkpoint";

    [Fact]
    public async Task A_project_shows_its_artifacts_versions_files_and_lineage_and_runs_link_to_them()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var page = await browser.NewPageAsync(server.BaseUrl);
        try
        {
            await ScenarioAsync(server, page);
        }
        catch
        {
            await Screenshots.SaveAsync(page, "artifacts-failure");
            throw;
        }
    }

    private async Task ScenarioAsync(ServerProcess server, IPage page)
    {
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        // A producing run logs two versions of a dataset and a model; a training run uses the first dataset version.
        var client = new ArtifactClient(server.Client, Entity, Project);
        await server.Client.QueryAsync(
            $$"""
            mutation { a: upsertBucket(input: {entityName: "{{Entity}}", modelName: "{{Project}}", name: "prepare", displayName: "prepare-data"}) { bucket { id } }
                       b: upsertBucket(input: {entityName: "{{Entity}}", modelName: "{{Project}}", name: "train", displayName: "train-model"}) { bucket { id } } }
            """);
        var table = ArtifactFileSource.FromText("tables/train.csv", "x,y\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i},{i * i}\n")));
        var readme = ArtifactFileSource.FromText("README.md", "# the training set\n");
        var first = await client.LogAsync("mnist", [table, readme], run: "prepare");
        await client.LogAsync("mnist", [table, ArtifactFileSource.FromText("README.md", "# the training set, cleaned\n")], run: "prepare", aliases: ["latest", "clean"]);
        await client.LogAsync("classifier", [ArtifactFileSource.FromText("weights.bin", "0123456789")], run: "train", type: "model");
        await client.LogAsync(LongName, [ArtifactFileSource.FromText("weights.bin", "9876543210")], run: "train", type: "model");
        await client.UseAsync(first.Id, "train");

        // Log in, open the project, follow its Artifacts link.
        await page.GotoAsync("/login");
        await page.GetByLabel("Email or username").FillAsync("local@wandb.com");
        await page.GetByLabel("Password").FillAsync("test-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync($"/{Entity}/{Project}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Artifacts", Exact = true }).ClickAsync();

        // Collections by type; the first collection is open at its latest version.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Artifact collections" });
        await Expect(nav.GetByRole(AriaRole.Heading)).ToHaveTextAsync(["dataset", "model"]);
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["mnist", "classifier", LongName]);

        // A long collection name wraps inside the sidebar instead of running under the page beside it (issue #15).
        var navBox = (await nav.BoundingBoxAsync())!;
        var longBox = (await nav.GetByRole(AriaRole.Link, new() { Name = LongName }).BoundingBoxAsync())!;
        Assert.True(longBox.X + longBox.Width <= navBox.X + navBox.Width + 1, $"the name ends at {longBox.X + longBox.Width}, the sidebar at {navBox.X + navBox.Width}");
        Assert.True(await nav.EvaluateAsync<bool>("n => n.scrollWidth <= n.clientWidth"), "the sidebar scrolls sideways");
        var versions = page.GetByTestId("versions");
        await Expect(versions.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(versions.Locator("tr[data-version='v1'] .tag")).ToHaveTextAsync(["v1", "clean", "latest"]);
        await Expect(versions.Locator("tr[data-version='v0'] .tag")).ToHaveTextAsync(["v0"]);
        await Expect(versions.Locator("tr[data-version='v1']")).ToContainTextAsync("prepare-data");
        var version = page.GetByTestId("version");
        await Expect(version.GetByRole(AriaRole.Heading, new() { Name = "mnist:v1" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("metadata")).ToContainTextAsync("rows2");
        await Expect(version).ToContainTextAsync("test data");
        await Screenshots.SaveAsync(page, "20-artifacts");

        // The first version, chosen by keyboard: its files with sizes, a download that is byte for byte, its lineage.
        await versions.GetByRole(AriaRole.Link, new() { Name = "v0" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/{Entity}/{Project}/artifacts/dataset/mnist/v0");
        await Expect(version.GetByRole(AriaRole.Heading, new() { Name = "mnist:v0" })).ToBeVisibleAsync();
        var files = page.GetByTestId("artifact-files");
        await Expect(files.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(files.Locator("tbody tr").Filter(new() { HasText = "tables/train.csv" })).ToContainTextAsync(FormatSize(table.Size));
        await Expect(files.Locator("tbody tr").Filter(new() { HasText = "README.md" })).ToContainTextAsync($"{readme.Size} B");
        var download = await page.RunAndWaitForDownloadAsync(() => files.GetByRole(AriaRole.Link, new() { Name = "tables/train.csv" }).ClickAsync());
        Assert.Equal(await table.Content().ReadAsByteArrayAsync(), await File.ReadAllBytesAsync((await download.PathAsync())!));
        var lineage = page.GetByTestId("lineage");
        await Expect(lineage.GetByRole(AriaRole.Link)).ToHaveTextAsync(["prepare-data", "train-model"]);
        await Screenshots.SaveAsync(page, "21-artifact-version");

        // The using run: its Artifacts tab lists the version it used and links back to it.
        await lineage.GetByRole(AriaRole.Link, new() { Name = "train-model" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{server.BaseUrl}/{Entity}/{Project}/runs/train");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Artifacts" }).ClickAsync();
        await Expect(page.GetByTestId("used-artifacts").Locator("tbody tr")).ToContainTextAsync("mnist:v0");
        await Expect(page.GetByTestId("produced-artifacts").Locator("tbody tr").Filter(new() { HasText = "classifier:v0" })).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "22-run-artifacts");
        await page.GetByTestId("used-artifacts").GetByRole(AriaRole.Link, new() { Name = "mnist:v0" }).ClickAsync();
        await Expect(page.GetByTestId("version").GetByRole(AriaRole.Heading, new() { Name = "mnist:v0" })).ToBeVisibleAsync();

        // The producing run lists both dataset versions it logged.
        await page.GotoAsync($"/{Entity}/{Project}/runs/prepare?tab=Artifacts");
        await Expect(page.GetByTestId("produced-artifacts").Locator("tbody tr")).ToHaveTextAsync([new Regex("mnist:v0"), new Regex("mnist:v1")]);

        Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        output.WriteLine($"Screenshots: {Screenshots.Folder}");
    }

    /// <summary>The app's size format (dom.js <c>bytes</c>) for sizes under 1 MiB.</summary>
    private static string FormatSize(long size) =>
        size < 1024 ? $"{size} B" : string.Create(CultureInfo.InvariantCulture, $"{size / 1024.0:0.0} KiB");
}
