using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// The admin page's user list in real Chromium on a server with a dozen people and a 32-run project: the admin
/// deactivates a user who left (their API key gets 401 at once), sees them marked, and reactivates them (the key
/// works again). Screenshots 40-admin-users-*.png at 1280×800 and 1920×1080.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class AdminUsersBrowserTests(BrowserFixture browser)
{
    private static readonly string[] People =
        ["ana", "ben", "carol", "dmitri", "eve", "farah", "gus", "hiro", "ines", "jamal", "kira", "lars"];

    [Fact]
    public async Task An_admin_deactivates_and_reactivates_a_user_from_the_users_list()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var keys = new Dictionary<string, string>();
        foreach (var name in People)
        {
            keys[name] = await CreateUserAsync(server, $"{name}@example.test");
        }

        await LogRunsAsync(server);
        var page = await browser.NewPageAsync(server.BaseUrl);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        try
        {
            await page.GotoAsync("/login");
            await page.GetByLabel("Email or username").FillAsync("local@wandb.com");
            await page.GetByLabel("Password").FillAsync("test-password-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
            await page.GotoAsync("/admin");
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "carol@example.test" })).ToBeVisibleAsync();

            // The admin's own row offers no deactivation.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Deactivate local" })).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate carol" }).ClickAsync();
            await Expect(page.GetByText("carol is deactivated.")).ToBeVisibleAsync();
            var carolRow = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "carol@example.test" }) });
            await Expect(carolRow.GetByTestId("deactivated")).ToBeVisibleAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, await ViewerStatusAsync(server, keys["carol"]));
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GetByRole(AriaRole.Heading, new() { Name = "Users" }).ScrollIntoViewIfNeededAsync();
                Directory.CreateDirectory(Screenshots.Folder);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, $"40-admin-users-{width}x{height}.png") });
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Reactivate carol" }).ClickAsync();
            await Expect(page.GetByText("carol is active again.")).ToBeVisibleAsync();
            await Expect(carolRow.GetByTestId("deactivated")).ToHaveCountAsync(0);
            Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(server, keys["carol"]));
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "40-failure");
            throw;
        }
    }

    /// <summary>A project of 32 runs of 300 steps each, so the storage table has something real in it.</summary>
    private static async Task LogRunsAsync(ServerProcess server)
    {
        for (var run = 0; run < 32; run++)
        {
            var lines = new System.Text.Json.Nodes.JsonArray(Enumerable.Range(0, 300)
                .Select(step => (System.Text.Json.Nodes.JsonNode)$"{{\"_step\": {step}, \"loss\": {1.0 / (step + 1 + run):R}}}").ToArray());
            var batch = new System.Text.Json.Nodes.JsonObject
            {
                ["files"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["wandb-history.jsonl"] = new System.Text.Json.Nodes.JsonObject { ["offset"] = 0, ["content"] = lines },
                },
            };
            var (status, body) = await server.Client.FileStreamAsync("local", "imagenet-sweep", $"run{run:00}", batch.ToJsonString());
            Assert.True(status == 200, body);
        }
    }

    private static async Task<HttpStatusCode> ViewerStatusAsync(ServerProcess server, string key)
    {
        using var response = await new WandbClient(server.Http, key).SendAsync(HttpMethod.Post, "/graphql", """{"query": "{ viewer { username } }"}""");
        return response.StatusCode;
    }

    private static async Task<string> CreateUserAsync(ServerProcess server, string email)
    {
        var answer = await server.Client.QueryAsync(
            "mutation($email: String!) { createUser(input: {email: $email}) { user { apiKeys { edges { node { name } } } } } }", new { email });
        return answer["createUser"]!["user"]!["apiKeys"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>();
    }
}
