using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// The web app in real Chromium against the real server process, as a new team would meet it: the first admin login
/// with the generated password, an API key made in the app, runs logged by the official npm client with that key,
/// then the project, its runs table, charts, grouping, a run page with logs and files, and live updates while a run
/// streams. Every page is saved as a screenshot under .test-results/screenshots/.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed partial class WebAppBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Project = "browser-e2e";
    private const string AdminEmail = "local@wandb.com";
    private const string Entity = "local";

    [Fact]
    public async Task A_new_admin_logs_in_makes_a_key_logs_runs_and_reads_them_live_in_the_browser()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey(), new Dictionary<string, string>
        {
            ["ADMIN_PASSWORD"] = "", // generated and printed once, as on a fresh install
        });
        var generated = GeneratedPassword().Match(server.Output) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"The server printed no generated admin password:\n{server.Output}");
        var page = await browser.NewPageAsync(server.BaseUrl);
        try
        {
            await ScenarioAsync(server, generated, page);
        }
        catch
        {
            // What the browser showed when it went wrong, next to the other screenshots.
            await Screenshots.SaveAsync(page, "failure");
            throw;
        }
    }

    private async Task ScenarioAsync(ServerProcess server, string generated, IPage page)
    {
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        // 1. Anyone arriving is sent to the login page.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in to Orleans.Wandb" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "01-login");

        // 2. The generated password works once, and must be replaced before anything else.
        await page.GetByLabel("Email or username").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(generated);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose a new password" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "02-change-password");
        await page.GetByLabel("Current (temporary) password").FillAsync(generated);
        await page.GetByLabel("New password (at least 8 characters)").FillAsync("browser-password-42");
        await page.GetByLabel("Repeat the new password").FillAsync("browser-password-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        // 3. Home, empty: the exact login line for this server.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("login-line")).ToHaveTextAsync($"wandb login --host={server.BaseUrl}");
        await Screenshots.SaveAsync(page, "03-home-empty");

        // 4. An API key, created in Settings and shown once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("Description").FillAsync("browser test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create API key" }).ClickAsync();
        var apiKey = (await page.GetByTestId("new-key").TextContentAsync())!.Trim();
        Assert.Matches("^local-[0-9a-f]{40}$", apiKey);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "browser test" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "04-settings");

        // 5. Three runs from the official npm client, with that key.
        var runs = new[]
        {
            (Id: "run-a", Name: "alpha", Steps: 40, Optimizer: "adam", JobType: "train"),
            (Id: "run-b", Name: "bravo", Steps: 60, Optimizer: "adam", JobType: "train"),
            (Id: "run-c", Name: "charlie", Steps: 50, Optimizer: "sgd", JobType: "eval"),
        };
        await Task.WhenAll(runs.Select(async run =>
        {
            var (exitCode, log) = await NodeClient.RunAsync("log-run.mjs", new Dictionary<string, string>
            {
                ["WANDB_BASE_URL"] = server.BaseUrl,
                ["WANDB_API_KEY"] = apiKey,
                ["E2E_PROJECT"] = Project,
                ["E2E_RUN_ID"] = run.Id,
                ["E2E_DISPLAY_NAME"] = run.Name,
                ["E2E_STEPS"] = run.Steps.ToString(CultureInfo.InvariantCulture),
                ["E2E_CONFIG"] = $$"""{"optimizer":"{{run.Optimizer}}","lr":{{run.Steps / 1000.0}}}""",
                ["E2E_JOB_TYPE"] = run.JobType,
                ["E2E_TAGS"] = "browser",
            }, TimeSpan.FromMinutes(3));
            Assert.True(exitCode == 0, $"the npm client failed for {run.Id}:\n{log}\n--- server ---\n{server.Output}");
        }));

        // 6. Home lists the project with its run count.
        await page.GetByRole(AriaRole.Link, new() { Name = "Projects" }).ClickAsync();
        var projectRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = Project });
        await Expect(projectRow).ToContainTextAsync("3");
        await Screenshots.SaveAsync(page, "05-home");

        // 7. The workspace: three rows, sortable by name.
        await page.GetByRole(AriaRole.Link, new() { Name = Project }).ClickAsync();
        var table = page.GetByTestId("runs-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("run-count")).ToHaveTextAsync("(3)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Name", Exact = true }).ClickAsync();
        await Expect(table.Locator("tbody tr td.runname a")).ToHaveTextAsync(["alpha", "bravo", "charlie"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Name", Exact = true }).ClickAsync();
        await Expect(table.Locator("tbody tr td.runname a")).ToHaveTextAsync(["charlie", "bravo", "alpha"]);

        // 8. A chart per metric; the loss chart's points are exactly the logged values.
        await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 3");
        var lossLines = await ChartLinesAsync(page, "loss");
        foreach (var run in runs)
        {
            var line = lossLines.Single(l => l.Label == run.Name);
            Assert.Equal(Enumerable.Range(0, run.Steps).Select(s => (double)s), line.Xs);
            for (var step = 0; step < run.Steps; step++)
            {
                Assert.Equal(1.0 / (step + 1), line.Ys[step]!.Value, 12);
            }
        }

        await Expect(page.Locator("section.ws-section .section-toggle").Filter(new() { HasText = "train" })).ToBeVisibleAsync();
        await Expect(page.Locator("article.ws-panel .ws-panel-title").Filter(new() { HasText = "train/lr" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "06-project");

        // 9. Filtering uses the API's semantics: the table shows exactly what runs(filters:) answers for the same document.
        await FilterLikeTheApiAsync(page, server, apiKey, """{"displayName":{"$regex":"bravo"}}""");

        // 10. Grouping by a config key: one mean line per optimizer with its min–max band.
        await page.GetByLabel("Group runs by").SelectOptionAsync("config.optimizer");
        await page.WaitForFunctionAsync("() => window.wandbCharts?.acc?.lines?.length === 2");
        var accGroups = await ChartLinesAsync(page, "acc");
        var adam = accGroups.Single(l => l.Label.StartsWith("adam", StringComparison.Ordinal));
        Assert.Equal("adam (2 runs)", adam.Label);
        var at10 = adam.Xs.IndexOf(10);
        Assert.Equal(((10.0 / 40) + (10.0 / 60)) / 2, adam.Ys[at10]!.Value, 12);
        Assert.Equal(10.0 / 60, adam.Lo![at10]!.Value, 12);
        Assert.Equal(10.0 / 40, adam.Hi![at10]!.Value, 12);
        await Screenshots.SaveAsync(page, "07-grouped");

        // 11. A run streaming now (the Python client's file_stream, by hand): it appears in the table and its charts,
        // logs and files follow without a reload.
        var client = new WandbClient(server.Http, apiKey);
        var live = new LiveRun(client, Entity, Project, "live-run");
        await page.GetByLabel("Group runs by").SelectOptionAsync("");
        await live.SendAsync(from: 0, count: 5);
        await Expect(table.Locator("tr[data-run='live-run']")).ToBeVisibleAsync();
        await live.UploadFileAsync("notes/readme.txt", "hello from the browser test\n");

        await page.GotoAsync($"/{Entity}/{Project}/runs/live-run");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("live-run");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("running");
        await page.GetByLabel("New tag").FillAsync("promising");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove tag promising" })).ToBeVisibleAsync();
        await page.GetByLabel("Notes").FillAsync("looks good");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save notes" }).ClickAsync();
        await Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        var stored = (await client.QueryAsync(
            "query($e:String!,$p:String!){project(name:$p,entityName:$e){run(name:\"live-run\"){tags notes}}}",
            new { e = Entity, p = Project }))["project"]!["run"]!;
        Assert.Equal(["promising"], stored["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("looks good", stored["notes"]!.GetValue<string>());
        await Screenshots.SaveAsync(page, "08-run-overview");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Charts" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.[0]?.xs?.length === 5");
        await live.SendAsync(from: 5, count: 7);
        await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.[0]?.xs?.length === 12");
        var liveLoss = (await ChartLinesAsync(page, "loss")).Single();
        Assert.Equal(Enumerable.Range(0, 12).Select(LiveRun.Loss), liveLoss.Ys.Select(y => y!.Value));
        await Screenshots.SaveAsync(page, "09-run-charts-live");

        await page.GetByRole(AriaRole.Tab, new() { Name = "System" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.wandbCharts?.['system.cpu']?.lines?.length === 1");
        await Screenshots.SaveAsync(page, "10-run-system");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs" }).ClickAsync();
        var logs = page.GetByTestId("logs");
        await Expect(logs).ToContainTextAsync("epoch 11 done");
        await Expect(logs.Locator("span.ansi-fg-2").First).ToHaveTextAsync("OK");
        await live.SendAsync(from: 12, count: 1);
        await Expect(logs).ToContainTextAsync("epoch 12 done");
        await Screenshots.SaveAsync(page, "11-run-logs");

        // Files: folders open, a text file previews as text, and downloads byte for byte.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Files" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "notes/" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "readme.txt" }).ClickAsync();
        await Expect(page.GetByTestId("file-preview").Locator("pre")).ToHaveTextAsync("hello from the browser test\n");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download notes/readme.txt" }).ClickAsync());
        Assert.Equal("hello from the browser test\n", await File.ReadAllTextAsync((await download.PathAsync())!));
        await Screenshots.SaveAsync(page, "12-run-files");

        // 12. Admin: users and storage.
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = AdminEmail })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = $"{Entity}/{Project}" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "13-admin");

        // 13. Admin: the client versions the server advertises, saved and served to the clients.
        var latest = page.GetByLabel("Latest version");
        await Expect(latest).ToHaveValueAsync("0.28.2");
        await Expect(page.GetByLabel("Minimum supported version")).ToHaveValueAsync("0.16.6");
        await latest.FillAsync("0.29.0");
        await page.GetByTestId("client-versions").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Saved. Clients read it")).ToBeVisibleAsync();
        var served = await new WandbClient(server.Http, apiKey).QueryAsync("{ serverInfo { cliVersionInfo } }");
        Assert.Equal("0.29.0", served["serverInfo"]!["cliVersionInfo"]!["max_cli_version"]!.GetValue<string>());
        foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GetByRole(AriaRole.Heading, new() { Name = "Client versions" }).ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, $"14-admin-client-versions-{width}x{height}.png") });
        }

        await live.CompleteAsync();
        Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        output.WriteLine($"Screenshots: {Screenshots.Folder}");
    }

    private async Task FilterLikeTheApiAsync(IPage page, ServerProcess server, string apiKey, string filter)
    {
        var (status, body) = await new WandbClient(server.Http, apiKey).GraphQLAsync(
            "query($e:String!,$p:String!,$f:JSONString){project(name:$p,entityName:$e){runs(filters:$f,order:\"+display_name\"){edges{node{displayName}}}}}",
            new { e = Entity, p = Project, f = filter });
        var raw = page.Locator("details.raw-filter");
        if (await raw.GetAttributeAsync("open") is null)
        {
            await raw.Locator("summary").ClickAsync();
        }

        await page.GetByLabel("Filter", new() { Exact = true }).FillAsync(filter);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        if (status == 200 && body?["errors"] is null)
        {
            var expected = body!["data"]!["project"]!["runs"]!["edges"]!.AsArray()
                .Select(e => e!["node"]!["displayName"]!.GetValue<string>()).ToArray();
            Assert.Equal(["bravo"], expected);
            await Expect(page.GetByTestId("runs-table").Locator("tbody tr td.runname a")).ToHaveTextAsync(expected);
            await Screenshots.SaveAsync(page, "06b-project-filtered");
        }
        else
        {
            // This server does not evaluate run filters yet: the app must say what the API said, not show unfiltered rows.
            var message = body?["errors"]?[0]?["message"]?.GetValue<string>() ?? $"HTTP {status}";
            output.WriteLine($"runs(filters:) is not supported by this server yet; the app must show the API's answer: {message}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(message);
            await Screenshots.SaveAsync(page, "06b-project-filter-unsupported");
        }

        await page.GetByLabel("Filter", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByTestId("runs-table").Locator("tbody tr")).ToHaveCountAsync(3);
    }

    private static async Task<List<ChartLine>> ChartLinesAsync(IPage page, string metric)
    {
        var json = await page.EvaluateAsync<string>(
            "m => JSON.stringify(window.wandbCharts[m].lines.map(l => ({ label: l.label, xs: l.xs, ys: l.ys, lo: l.lo, hi: l.hi })))", metric);
        return JsonSerializer.Deserialize<List<ChartLine>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [GeneratedRegex("/login")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"change it at first login\): (\S+)")]
    private static partial Regex GeneratedPassword();

    private sealed record ChartLine(string Label, List<double> Xs, List<double?> Ys, List<double?>? Lo, List<double?>? Hi);
}
