using System.Text.Json;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// The workspace laid out as W&amp;B's: at 1280×800 the runs list sits in a side panel on the left and the first charts
/// beside it, above the fold; the side panel resizes by drag or keyboard and its width is saved with the view; at
/// 390 px the navigation folds behind a menu button and nothing runs off the screen. Screenshots 61-*.png.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class WorkspaceLayoutBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task At_1280x800_the_charts_sit_beside_a_resizable_runs_panel_whose_width_the_view_keeps()
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
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");
            await Expect(page.GetByTestId("runs-table").Locator("tbody tr")).ToHaveCountAsync(WorkspaceBrowserTests.Runs);

            // The runs list on the left, the first row of charts beside it and wholly within the window.
            var runsPane = page.Locator("#runs-pane");
            var firstChart = page.Locator("figure.chart").First;
            var pane = (await runsPane.BoundingBoxAsync())!;
            var chart = (await firstChart.BoundingBoxAsync())!;
            Assert.True(chart.X >= pane.X + pane.Width, $"the first chart (x {chart.X}) is beside the runs panel (right edge {pane.X + pane.Width})");
            Assert.True(chart.Y + chart.Height <= 800, $"the first chart ends at y {chart.Y + chart.Height}, below the fold of 800 px");
            Assert.True(pane.Y < 200, "the runs panel starts near the top");
            await Screenshots.SaveAsync(page, "61-layout-1280");

            // Dragging the separator widens the runs panel; the charts beside it are laid out anew and fit their cells.
            var chartWidth = await page.EvaluateAsync<double>("() => window.wandbCharts.loss.uplot.width");
            var separator = page.GetByRole(AriaRole.Separator, new() { Name = "Resize the runs panel" });
            var handle = (await separator.BoundingBoxAsync())!;
            var saved = page.WaitForRequestAsync(r => SavedRunsWidth(r) is > 0);
            await page.Mouse.MoveAsync(handle.X + (handle.Width / 2), handle.Y + 200);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(handle.X + (handle.Width / 2) + 120, handle.Y + 200, new() { Steps = 6 });
            await page.Mouse.UpAsync();
            var widened = (await runsPane.BoundingBoxAsync())!.Width;
            Assert.InRange(widened, pane.Width + 110, pane.Width + 130);
            await page.WaitForFunctionAsync(
                "w => { const u = window.wandbCharts.loss.uplot; return u.width !== w && Math.abs(u.width - u.root.parentElement.clientWidth) <= 2; }", chartWidth);

            // The width is saved with the user's view: a fresh visit (no link state) restores it.
            var request = await saved;
            Assert.InRange(SavedRunsWidth(request)!.Value, widened - 2, widened + 2);
            Assert.True((await request.ResponseAsync())!.Ok, "the view was saved");
            await page.GotoAsync("/local/workspace");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");
            Assert.InRange((await runsPane.BoundingBoxAsync())!.Width, widened - 2, widened + 2);

            // The separator works from the keyboard too.
            await separator.FocusAsync();
            await page.Keyboard.PressAsync("ArrowLeft");
            Assert.InRange((await runsPane.BoundingBoxAsync())!.Width, widened - 26, widened - 22);

            await page.SetViewportSizeAsync(1920, 1080);
            await page.WaitForFunctionAsync("() => Math.abs(document.documentElement.clientWidth - 1920) < 20");
            await Expect(firstChart).ToBeInViewportAsync();
            await Screenshots.SaveAsync(page, "61-layout-1920");

            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "61-failure-layout");
            throw;
        }
    }

    [Fact]
    public async Task At_390px_the_navigation_folds_behind_a_menu_and_nothing_overflows_the_screen()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        await WorkspaceBrowserTests.SeedAsync(server.Client);
        var page = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(page);
        try
        {
            await page.SetViewportSizeAsync(390, 844);
            await MediaBrowserTests.LogInAsync(page);
            await page.GotoAsync("/local/workspace");
            await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");

            var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
            var settings = page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "Settings" });
            await Expect(menu).ToBeVisibleAsync();
            await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(settings).ToBeHiddenAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                "the page is no wider than the screen");
            await Screenshots.SaveAsync(page, "61-workspace-390");

            await menu.ClickAsync();
            await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(settings).ToBeVisibleAsync();
            var logOut = page.GetByRole(AriaRole.Button, new() { Name = "Log out" });
            await Expect(logOut).ToBeInViewportAsync();
            var box = (await logOut.BoundingBoxAsync())!;
            Assert.True(box.X + box.Width <= 390, "the navigation stays within the screen");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder, "61-nav-390.png") });

            // Following a link folds the menu again.
            await settings.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings" }).First).ToBeVisibleAsync();
            await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(page, "61-failure-390");
            throw;
        }
    }

    [Fact]
    public async Task A_user_who_must_change_a_temporary_password_can_log_out_instead()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var admin = await browser.NewPageAsync(server.BaseUrl);
        await MediaBrowserTests.LogInAsync(admin);
        await CreateUserAsync(admin, "erin", "erin-temporary-1");

        var page = await browser.NewPageAsync(server.BaseUrl);
        await page.GotoAsync("/login");
        await page.GetByLabel("Email or username").FillAsync("erin");
        await page.GetByLabel("Password").FillAsync("erin-temporary-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose a new password" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        var session = await page.Context.APIRequest.GetAsync("/api/session");
        Assert.Equal(204, session.Status);
    }

    /// <summary>A user made by the signed-in instance admin on the admin API, who must change the password first.</summary>
    internal static async Task CreateUserAsync(IPage admin, string username, string password)
    {
        var created = await admin.Context.APIRequest.PostAsync("/api/admin/users", new()
        {
            Headers = new Dictionary<string, string> { ["X-Wandb-Csrf"] = "1" },
            DataObject = new { username, email = $"{username}@example.test", password, admin = false },
        });
        Assert.True(created.Ok, $"creating {username} answered {created.Status}: {await created.TextAsync()}");
    }

    /// <summary>The runs panel width in the default-view save a request carries, if it is one.</summary>
    private static double? SavedRunsWidth(Microsoft.Playwright.IRequest request)
    {
        if (!request.Url.EndsWith("/graphql", StringComparison.Ordinal) || request.PostData is not { } body || !body.Contains("SaveWorkspaceView", StringComparison.Ordinal))
        {
            return null;
        }

        using var json = JsonDocument.Parse(body);
        using var spec = JsonDocument.Parse(json.RootElement.GetProperty("variables").GetProperty("spec").GetString()!);
        return spec.RootElement.TryGetProperty("layout", out var layout) && layout.GetProperty("runsWidth").ValueKind == JsonValueKind.Number
            ? layout.GetProperty("runsWidth").GetDouble()
            : null;
    }
}
