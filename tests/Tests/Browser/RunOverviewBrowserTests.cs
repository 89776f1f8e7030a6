using System.Text.Json;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// A run's overview shows what the client recorded in <c>wandb-metadata.json</c> and the run's <c>_wandb</c> config, as
/// W&amp;B shows it: the command with its arguments, OS, Python, CPU and GPU, memory, the git commit linked to the remote
/// (and the uploaded diff), the client's version; its logs are searchable and keep their line numbers. Screenshot 65-*.png.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class RunOverviewBrowserTests(BrowserFixture browser)
{
    private const string Commit = "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    [Fact]
    public async Task The_overview_shows_the_recorded_command_hardware_and_git_commit_and_the_logs_are_searchable()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var client = server.Client;
        await client.QueryAsync(
            "mutation($c: JSONString) { upsertBucket(input: {modelName: \"overview\", name: \"meta-run\", config: $c}) { bucket { id } } }",
            new { c = JsonSerializer.Serialize(new { lr = new { value = 0.1 }, _wandb = new { value = new { cli_version = "0.16.6", python_version = "3.11.2" } } }) });
        var run = new LiveRun(client, "local", "overview", "meta-run");
        await run.SendAsync(from: 0, count: 12);
        // The fields and shapes wandb 0.16.6 writes (recorded in tests/fixtures/python-0.16.6-main.jsonl), with a GPU host.
        await run.UploadFileAsync("wandb-metadata.json", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["os"] = "Linux-6.18.44-x86_64-with-glibc2.36", ["python"] = "3.11.2", ["startedAt"] = "2026-11-26T06:15:11.814937",
            ["args"] = new[] { "--lr", "0.1", "--epochs", "3" }, ["program"] = "/home/user/train.py", ["host"] = "gpu-node-7",
            ["executable"] = "/usr/bin/python3", ["cpu_count"] = 32, ["cpu_count_logical"] = 64, ["gpu"] = "NVIDIA A100-SXM4-40GB",
            ["gpu_count"] = 8, ["cuda"] = "12.2", ["memory"] = new { total = 503.21 },
            // 0.16.6 writes totals in GB (wandb-core writes bytes); the overview shows both the same way.
            ["disk"] = new Dictionary<string, object> { ["/"] = new { total = 1862.65, used = 0.93 } },
            ["git"] = new { remote = "git@github.com:acme/train.git", commit = Commit },
        }));
        await run.UploadFileAsync("diff.patch", "--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-lr = 0.01\n+lr = 0.1\n");
        await run.CompleteAsync();

        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync("/local/overview/runs/meta-run/overview");
            await Expect(page.GetByTestId("run-command")).ToHaveTextAsync("python3 /home/user/train.py --lr 0.1 --epochs 3");
            var facts = page.Locator("dl.facts");
            await Expect(facts).ToContainTextAsync("Linux-6.18.44-x86_64-with-glibc2.36");
            await Expect(facts).ToContainTextAsync("3.11.2 (/usr/bin/python3)");
            await Expect(facts).ToContainTextAsync("32 cores (64 logical)");
            await Expect(facts).ToContainTextAsync("8 × NVIDIA A100-SXM4-40GB (CUDA 12.2)");
            await Expect(facts).ToContainTextAsync("wandb 0.16.6");
            await Expect(facts.Locator("dt:text-is('Memory') + dd")).ToHaveTextAsync("503 GB");
            await Expect(facts.Locator("dt:text-is('Disk') + dd")).ToHaveTextAsync("1863 GB");
            await Expect(facts.GetByRole(AriaRole.Link, new() { Name = Commit })).ToHaveAttributeAsync("href", $"https://github.com/acme/train/commit/{Commit}");
            await Expect(facts.GetByRole(AriaRole.Link, new() { Name = "diff.patch" })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "65-run-overview");

            // Logs: a search keeps the matching lines with their own numbers.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Logs" }).ClickAsync();
            var logs = page.GetByTestId("logs");
            await Expect(logs.Locator("[data-line]")).ToHaveCountAsync(12);
            await page.GetByLabel("Search", new() { Exact = true }).FillAsync("epoch 1");
            await Expect(logs.Locator("[data-line]:visible")).ToHaveCountAsync(3);
            await Expect(logs.Locator("[data-line]:visible .ln")).ToHaveTextAsync(["2", "11", "12"]);
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "matching" })).ToHaveTextAsync("3 matching lines");
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "65-failure");
            throw;
        }
    }
}
