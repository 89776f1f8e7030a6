using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// Sweeps in real Chromium: a random sweep of 36 runs made through the agent protocol; the project's Sweeps list, the
/// sweep page with its parallel coordinates (brushing the metric axis filters the runs table), parameter importance,
/// metric over time, agents and config; pausing from the page. Screenshots 50-*.png at 1280×800 and 1920×1080.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class SweepPagesBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Project = "tuning";

    [Fact]
    public async Task The_sweep_page_shows_runs_panels_and_controls_and_brushing_filters_the_runs()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var sweep = await SeedAsync(server.Client, 36);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync($"/local/{Project}/sweeps");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "lr-search" })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "50-sweeps-list");

            await page.GetByRole(AriaRole.Link, new() { Name = "lr-search" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Parallel coordinates" })).ToBeVisibleAsync();
            var rows = page.Locator("table.sweep-runs tbody tr");
            await Expect(rows).ToHaveCountAsync(36);
            Assert.Equal(36, await page.Locator(".pc-panel polyline").CountAsync());
            await Expect(page.Locator("table.importance tbody tr")).ToHaveCountAsync(3);

            // lr drives the loss: it must rank first in importance.
            await Expect(page.Locator("table.importance tbody tr").First).ToContainTextAsync("lr");
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await Screenshots.SaveAsync(page, $"51-sweep-page-{width}");
            }

            // Brushing the lower half of the loss axis keeps only the runs there.
            await page.EvaluateAsync("() => document.getElementById('main').sweepPanels.parallelCoordinates.brush('loss', 0, 0.5)");
            var kept = await rows.CountAsync();
            Assert.InRange(kept, 1, 35);
            await Expect(page.GetByText($"{kept} of 36 runs in the brushed ranges")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "52-sweep-brushed");

            await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();
            var state = await server.Client.QueryAsync(
                "query($s: String!) { project(entityName: \"local\", name: \"tuning\") { sweep(sweepName: $s) { state } } }", new { s = sweep });
            Assert.Equal("PAUSED", state["project"]!["sweep"]!["state"]!.GetValue<string>());

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
            output.WriteLine($"Screenshots: {Screenshots.Folder}");
        }
        catch
        {
            await Screenshots.SaveAsync(page, "50-failure");
            throw;
        }
    }

    /// <summary>A random sweep whose runs an agent ran: 10 logged steps each, loss driven mostly by lr.</summary>
    private static async Task<string> SeedAsync(WandbClient client, int runs)
    {
        var created = await client.QueryAsync(
            "mutation($c: String, $p: String) { upsertSweep(input: {projectName: $p, config: $c}) { sweep { name } } }",
            new
            {
                p = Project,
                c = """
                    name: lr-search
                    method: random
                    metric: {name: loss, goal: minimize}
                    parameters:
                      lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
                      optimizer: {values: [adam, sgd, rmsprop]}
                      dropout: {distribution: uniform, min: 0.0, max: 0.5}
                    """,
            });
        var sweep = created["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
        var agent = (await client.QueryAsync(
            "mutation($s: String!, $p: String) { createAgent(input: {projectName: $p, sweep: $s, host: \"gpu-1\"}) { agent { id } } }",
            new { s = sweep, p = Project }))["createAgent"]!["agent"]!["id"]!.GetValue<string>();
        for (var i = 0; i < runs; i++)
        {
            var answer = await client.QueryAsync(
                "mutation($id: ID!) { agentHeartbeat(input: {id: $id, runState: \"{}\"}) { commands } }", new { id = agent });
            var command = JsonNode.Parse(answer["agentHeartbeat"]!["commands"]!.GetValue<string>())![0]!;
            var run = command["run_id"]!.GetValue<string>();
            var args = command["args"]!;
            var lr = args["lr"]!["value"]!.GetValue<double>();
            var dropout = args["dropout"]!["value"]!.GetValue<double>();
            var optimizer = args["optimizer"]!["value"]!.GetValue<string>();
            await client.QueryAsync(
                "mutation($p: String, $r: String, $s: String, $c: JSONString) { upsertBucket(input: {modelName: $p, name: $r, sweep: $s, config: $c}) { bucket { id } } }",
                new { p = Project, r = run, s = sweep, c = args.ToJsonString() });
            var final = Math.Pow(Math.Log10(lr) + 2.5, 2) + (dropout * 0.2) + (optimizer == "sgd" ? 0.1 : 0);
            var lines = Enumerable.Range(0, 10).Select(step => JsonSerializer.Serialize(new { loss = final + (1.0 / (step + 1)), _step = step })).ToArray();
            var body = JsonSerializer.Serialize(new
            {
                files = new Dictionary<string, object>
                {
                    ["wandb-history.jsonl"] = new { offset = 0, content = lines },
                    ["wandb-summary.json"] = new { offset = 0, content = new[] { JsonSerializer.Serialize(new { loss = final + 0.1 }) } },
                },
            });
            var (status, text) = await client.FileStreamAsync("local", Project, run, body);
            Assert.True(status == 200, text);
            (status, text) = await client.FileStreamAsync("local", Project, run, """{"complete": true, "exitcode": 0}""");
            Assert.True(status == 200, text);
        }

        return sweep;
    }
}
