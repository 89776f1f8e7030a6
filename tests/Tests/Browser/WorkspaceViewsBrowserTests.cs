using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// Saved views of the workspace in Chromium, on a team project of 33 runs: a reload keeps what the user set up (from
/// the address, and from the server's default view on a fresh visit); a link sent to another member of the team
/// opens the same workspace in their own browser; named views are saved, updated, renamed and deleted from the views
/// bar, and only their owner is offered those buttons. Screenshots 62-*.png.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class WorkspaceViewsBrowserTests(BrowserFixture browser)
{
    private const string Team = "lab";
    private const string Project = "views";
    private const string Workspace = $"/{Team}/{Project}";

    [Fact]
    public async Task A_reload_keeps_the_view_and_a_shared_link_reproduces_it_for_another_member()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var alice = await browser.NewPageAsync(server.BaseUrl);
        var bob = await browser.NewPageAsync(server.BaseUrl);
        try
        {
            await MediaBrowserTests.LogInAsync(alice);
            await TeamWithBobAsync(server, alice);

            // Alice narrows the table, hides a run from the charts, switches to a log scale and widens the runs panel.
            await alice.GotoAsync(Workspace);
            await alice.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");
            await alice.GetByLabel("Search", new() { Exact = true }).FillAsync("run-1");
            var rows = alice.GetByTestId("runs-table").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(10);
            await alice.GetByTestId("runs-table").Locator("tr[data-run='run-12'] button.eye").ClickAsync();
            await alice.WaitForFunctionAsync("() => window.wandbCharts.loss.lines.length === 9");
            await alice.GetByLabel("Log scale").CheckAsync();
            await alice.WaitForFunctionAsync("() => window.wandbCharts.loss.settings.logScale");
            var saved = alice.WaitForRequestAsync(r => r.PostData?.Contains("SaveWorkspaceView", StringComparison.Ordinal) == true
                                                        && r.PostData.Contains("runsWidth\\\":448", StringComparison.Ordinal));
            var separator = alice.GetByRole(AriaRole.Separator, new() { Name = "Resize the runs panel" });
            await separator.FocusAsync();
            await separator.PressAsync("ArrowRight");
            await separator.PressAsync("ArrowRight");
            Assert.True((await (await saved).ResponseAsync())!.Ok, "the default view was saved");
            var expected = await WorkspaceAsync(alice);
            Assert.Equal(9, expected.Lines.Length);
            Assert.DoesNotContain("run-12", expected.Lines);

            // A reload keeps it (the address carries it), and so does a visit without it (the server's default view).
            await alice.ReloadAsync();
            Assert.Equal(expected, await WorkspaceAsync(alice));
            var link = alice.Url;
            await alice.GotoAsync(Workspace);
            Assert.Equal(expected, await WorkspaceAsync(alice));
            await Screenshots.SaveAsync(alice, "62-view-restored");

            // Bob, a member of the team in a browser of his own, opens the link Alice sent: the same workspace.
            await LogInAsBobAsync(bob);
            await bob.GotoAsync(link);
            Assert.Equal(expected, await WorkspaceAsync(bob));
            await Screenshots.SaveAsync(bob, "62-shared-link");

            // Bob's own default view is his: Alice's choices do not leak into it.
            await bob.GotoAsync(Workspace);
            await bob.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");
            await Expect(bob.GetByLabel("Search", new() { Exact = true })).ToHaveValueAsync("");
        }
        catch
        {
            await Screenshots.SaveAsync(alice, "62-failure-alice");
            await Screenshots.SaveAsync(bob, "62-failure-bob");
            throw;
        }
    }

    [Fact]
    public async Task Named_views_are_saved_updated_renamed_and_deleted_by_their_owner()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var alice = await browser.NewPageAsync(server.BaseUrl);
        var bob = await browser.NewPageAsync(server.BaseUrl);
        var consoleErrors = MediaBrowserTests.WatchConsole(alice);
        alice.Dialog += (_, dialog) => dialog.AcceptAsync();
        try
        {
            await MediaBrowserTests.LogInAsync(alice);
            await TeamWithBobAsync(server, alice);
            await alice.GotoAsync(Workspace);
            await alice.WaitForFunctionAsync("() => window.wandbCharts?.loss?.lines?.length === 10");

            // Save as view: the address names it, the list offers it, its owner gets its buttons.
            await alice.GetByLabel("Search", new() { Exact = true }).FillAsync("run-2");
            await Expect(alice.GetByTestId("runs-table").Locator("tbody tr")).ToHaveCountAsync(10);
            await alice.GetByPlaceholder("View name").FillAsync("Run 2x");
            await alice.GetByRole(AriaRole.Button, new() { Name = "Save as view" }).ClickAsync();
            await Expect(alice.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved as" })).ToHaveTextAsync("Saved as “Run 2x”");
            await Expect(alice).ToHaveURLAsync(new Regex(@"\?view="));
            var viewUrl = alice.Url;
            var select = alice.GetByLabel("Saved views");
            await Expect(select.Locator("option:checked")).ToHaveTextAsync("Run 2x");

            // Changing it and pressing "Save view" updates the named view itself.
            await alice.GetByLabel("Log scale").CheckAsync();
            await alice.GetByRole(AriaRole.Button, new() { Name = "Save view" }).ClickAsync();
            await Expect(alice.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved “" })).ToHaveTextAsync("Saved “Run 2x”");

            // Rename through the dialog; the list and a fresh visit show the new name with the saved state.
            await alice.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
            var dialog = alice.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Name").FillAsync("Run 2x family");
            await Screenshots.SaveAsync(alice, "62-rename-view");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(select.Locator("option:checked")).ToHaveTextAsync("Run 2x family");
            await alice.GotoAsync(viewUrl.Split('&')[0]);
            await Expect(select.Locator("option:checked")).ToHaveTextAsync("Run 2x family");
            await Expect(alice.GetByLabel("Search", new() { Exact = true })).ToHaveValueAsync("run-2");
            await Expect(alice.GetByLabel("Log scale")).ToBeCheckedAsync();

            // Bob opens it but may not change it: no Save, Rename or Delete for him.
            await LogInAsBobAsync(bob);
            await bob.GotoAsync(viewUrl.Split('&')[0]);
            await Expect(bob.GetByLabel("Saved views").Locator("option:checked")).ToHaveTextAsync("Run 2x family (local)");
            await Expect(bob.GetByLabel("Search", new() { Exact = true })).ToHaveValueAsync("run-2");
            await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true })).ToBeHiddenAsync();
            await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Delete view" })).ToBeHiddenAsync();

            // Delete, confirmed in the dialog: back to Alice's own workspace, the view gone from the list and the server.
            await alice.GetByRole(AriaRole.Button, new() { Name = "Delete view" }).ClickAsync();
            await alice.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(alice).Not.ToHaveURLAsync(new Regex(@"view="));
            await Expect(select.Locator("option")).ToHaveTextAsync(["My workspace"]);
            var views = await server.Client.QueryAsync(
                "query { project(name: \"views\", entityName: \"lab\") { allViews(viewType: \"project-view\") { edges { node { displayName } } } } }");
            Assert.DoesNotContain("Run 2x family", views.ToJsonString(), StringComparison.Ordinal);
            await bob.GotoAsync(viewUrl.Split('&')[0]);
            await Expect(bob.GetByRole(AriaRole.Status).Filter(new() { HasText = "view" })).ToHaveTextAsync("That view does not exist or you may not see it.");
            Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        }
        catch
        {
            await Screenshots.SaveAsync(alice, "62-failure-named-alice");
            await Screenshots.SaveAsync(bob, "62-failure-named-bob");
            throw;
        }
    }

    /// <summary>The team "lab" (Alice, the local admin, owns it) with Bob as a member, and 33 runs in lab/views.</summary>
    private static async Task TeamWithBobAsync(ServerProcess server, IPage alice)
    {
        await server.Client.QueryAsync("mutation($t: String) { createTeam(input: {teamName: $t}) { entity { name } } }", new { t = Team });
        await WorkspaceLayoutBrowserTests.CreateUserAsync(alice, "bob", "bob-temporary-1");
        await server.Client.QueryAsync(
            "mutation($e: String, $m: String) { createInvite(input: {entityName: $e, email: $m, role: \"member\"}) { invite { id } } }",
            new { e = Team, m = "bob@example.test" });
        await WorkspaceBrowserTests.SeedAsync(server.Client, Team, Project);
    }

    private static async Task LogInAsBobAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email or username").FillAsync("bob");
        await page.GetByLabel("Password").FillAsync("bob-temporary-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.GetByLabel("Current (temporary) password").FillAsync("bob-temporary-1");
        await page.GetByLabel("New password (at least 8 characters)").FillAsync("bob-password-42");
        await page.GetByLabel("Repeat the new password").FillAsync("bob-password-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>What the workspace shows once settled: search, rows, the runs on the loss chart, log scale, panel width.</summary>
    private static async Task<Shown> WorkspaceAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.wandbCharts?.loss?.uplot && document.querySelectorAll('[data-testid=runs-table] tbody tr[data-run]').length > 0");
        var search = await page.GetByLabel("Search", new() { Exact = true }).InputValueAsync();
        await Expect(page.GetByTestId("runs-table").Locator("tbody tr[data-run]").First).ToBeVisibleAsync();
        var rows = await page.GetByTestId("runs-table").Locator("tbody tr[data-run]").CountAsync();
        var lines = await page.EvaluateAsync<string[]>("() => window.wandbCharts.loss.lines.map(l => l.run).sort()");
        var log = await page.EvaluateAsync<bool>("() => window.wandbCharts.loss.settings.logScale");
        var width = (int)Math.Round((await page.Locator("#runs-pane").BoundingBoxAsync())!.Width);
        return new Shown(search, rows, string.Join(",", lines), log, width) { Lines = lines };
    }

    private sealed record Shown(string Search, int Rows, string LineNames, bool LogScale, int RunsWidth)
    {
        public string[] Lines { get; init; } = [];

        public bool Equals(Shown? other) =>
            other is not null && (Search, Rows, LineNames, LogScale, RunsWidth) == (other.Search, other.Rows, other.LineNames, other.LogScale, other.RunsWidth);

        public override int GetHashCode() => HashCode.Combine(Search, Rows, LineNames, LogScale, RunsWidth);
    }
}
