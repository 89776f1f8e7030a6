using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// Teams in real Chromium: an admin creates a team from the entity switcher, adds members by email with a role,
/// changes a role, removes a member, invites emails without accounts (revoking one; the other joins once created),
/// makes a service account and reads its key (a CI run logged with it for carol shows "… (for carol)"), sets a
/// project's visibility and description and deletes another project; a member then logs in and sees the run another
/// member logged into the team with the official npm client; the server admin reads all of it in the audit log.
/// Screenshots 3x-*.png.
/// </summary>
[Trait("Needs", "Browser")]
[Collection(BrowserCollection.Name)]
public sealed class TeamPagesBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Team = "vision-lab";
    private const string Project = "shared";

    [Fact]
    public async Task An_admin_creates_a_team_and_invites_a_member_who_sees_a_team_run_logged_by_another_member()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var admin = await browser.NewPageAsync(server.BaseUrl);
        var member = await browser.NewPageAsync(server.BaseUrl);
        try
        {
            await ScenarioAsync(server, admin, member);
        }
        catch
        {
            await Screenshots.SaveAsync(admin, "3x-failure-admin");
            await Screenshots.SaveAsync(member, "3x-failure-member");
            throw;
        }
    }

    private async Task ScenarioAsync(ServerProcess server, IPage admin, IPage member)
    {
        var consoleErrors = new List<string>();
        foreach (var page in new[] { admin, member })
        {
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    consoleErrors.Add(message.Text);
                }
            };
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
        }

        // People on the server: bob (signs in with a temporary password), carol and dave (API keys only).
        var carolKey = await CreateUserAsync(server, "carol@example.test");
        await CreateUserAsync(server, "dave@example.test");
        await LogInAsync(admin, "local@wandb.com", "test-password-1");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
        var created = await admin.Context.APIRequest.PostAsync("/api/admin/users", new()
        {
            Headers = new Dictionary<string, string> { ["X-Wandb-Csrf"] = "1" },
            DataObject = new { username = "bob", email = "bob@example.test", password = "bob-temporary-1", admin = false },
        });
        Assert.True(created.Ok, $"creating bob answered {created.Status}: {await created.TextAsync()}");

        // 1. The entity switcher offers "Create a team"; the admin creates one and lands on its page.
        var switcher = admin.Locator("#nav details.switcher");
        await switcher.Locator("summary").ClickAsync();
        await Expect(switcher.GetByRole(AriaRole.Link, new() { Name = "local", Exact = true })).ToBeVisibleAsync();
        await switcher.GetByRole(AriaRole.Link, new() { Name = "Create a team" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Create a team" })).ToBeVisibleAsync();
        await admin.GetByLabel("Team name").FillAsync(Team);
        await Screenshots.SaveAsync(admin, "30-create-team");
        await admin.GetByLabel("Team name").PressAsync("Enter");
        await Expect(admin).ToHaveURLAsync($"{server.BaseUrl}/{Team}");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = Team, Exact = true })).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("entity-kind")).ToHaveTextAsync("Team · your role: admin");
        await Expect(switcher.Locator("summary")).ToContainTextAsync(Team);

        // 2. Members by email with a role, by keyboard: bob as member, carol as viewer, dave as viewer.
        await AddMemberAsync(admin, "bob@example.test", "member");
        await AddMemberAsync(admin, "carol@example.test", "viewer");
        await AddMemberAsync(admin, "dave", "viewer");
        var members = admin.GetByTestId("members");
        await Expect(members.Locator("tbody tr")).ToHaveCountAsync(4);

        // 3. Carol becomes a member (she will log runs); dave is removed.
        await admin.GetByLabel("Role of carol").SelectOptionAsync("member");
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("carol is now member.");
        await Expect(admin.GetByLabel("Role of carol")).ToHaveValueAsync("member");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Remove dave" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Removed dave.");
        await Expect(members.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(admin.GetByLabel("Role of local")).ToBeDisabledAsync(); // the last admin stays admin

        // 3b. Emails without an account get pending invites; one is revoked, the other is accepted when the account is made.
        await InviteAsync(admin, "erin@example.test", "viewer");
        await InviteAsync(admin, "fay@example.test", "member");
        var invites = admin.GetByTestId("invites");
        await Expect(invites.Locator("tbody tr")).ToHaveCountAsync(2);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke the invite of fay@example.test" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Revoked the invite of fay@example.test.");
        await Expect(invites.Locator("tbody tr")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(admin, "31-team-invites");
        await CreateUserAsync(server, "erin@example.test");
        await admin.ReloadAsync();
        await Expect(admin.GetByTestId("no-invites")).ToBeVisibleAsync();
        await Expect(admin.GetByLabel("Role of erin")).ToHaveValueAsync("viewer");

        // 4. A service account and its key, shown on request to the team admin.
        await admin.GetByLabel("Description").FillAsync("nightly CI");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create service account" }).ClickAsync();
        var services = admin.GetByTestId("service-accounts");
        await Expect(services.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(services.GetByTestId("service-key")).ToContainTextAsync("…");
        await services.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Show the key of ") }).ClickAsync();
        await Expect(services.GetByTestId("service-key")).ToHaveTextAsync(new Regex("^local-[0-9a-f]{40}$"));
        await Screenshots.SaveAsync(admin, "31-team-members");
        var serviceKey = (await services.GetByTestId("service-key").TextContentAsync())!;
        var serviceName = (await services.Locator("tbody tr td").First.TextContentAsync())!;

        // 4b. CI logs a run with the service account's key for carol (WANDB_USERNAME, sent as X-WANDB-USERNAME).
        using (var ci = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            ci.DefaultRequestHeaders.Add("X-WANDB-USERNAME", "carol");
            await new WandbClient(ci, serviceKey).QueryAsync(
                $$"""mutation { upsertBucket(input: {entityName: "{{Team}}", modelName: "{{Project}}", name: "nightly-1", displayName: "nightly-ci"}) { bucket { id } } }""");
        }

        // 5. Carol logs a run into the team's project with the official npm client and her own key.
        var (exitCode, log) = await NodeClient.RunAsync("log-run.mjs", new Dictionary<string, string>
        {
            ["WANDB_BASE_URL"] = server.BaseUrl,
            ["WANDB_API_KEY"] = carolKey,
            ["E2E_ENTITY"] = Team,
            ["E2E_PROJECT"] = Project,
            ["E2E_RUN_ID"] = "carol-1",
            ["E2E_DISPLAY_NAME"] = "carols-baseline",
            ["E2E_STEPS"] = "30",
        }, TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"the npm client failed:\n{log}\n--- server ---\n{server.Output}");
        Assert.Contains($"\"entity\":\"{Team}\"", log, StringComparison.Ordinal);

        // 6. Project settings: description and visibility (private: team members only); a scratch project is deleted.
        await server.Client.QueryAsync($$"""mutation { upsertModel(input: {entityName: "{{Team}}", name: "scratch"}) { project { name } } }""");
        await admin.GotoAsync($"/{Team}/{Project}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).Last.ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = $"{Project} settings" })).ToBeVisibleAsync();
        await Expect(admin.GetByLabel("Team", new() { Exact = true })).ToBeCheckedAsync();
        await admin.GetByLabel("Description").FillAsync("Baselines the whole lab compares against");
        await admin.GetByLabel("Private").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved. Visibility: Private.");
        await Screenshots.SaveAsync(admin, "32-project-settings");
        await admin.GotoAsync($"/{Team}/scratch/settings");
        await admin.GetByLabel("Type scratch to confirm").FillAsync("scratch");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Delete project" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync($"{server.BaseUrl}/{Team}");
        var projects = admin.GetByTestId("entity-projects");
        await Expect(projects.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(projects.Locator("tbody tr")).ToContainTextAsync([new Regex($"^{Project}Private")]);


        // 7. Bob signs in for the first time, finds the team in the switcher and sees carol's run in the private project.
        await LogInAsync(member, "bob@example.test", "bob-temporary-1");
        await member.GetByLabel("Current (temporary) password").FillAsync("bob-temporary-1");
        await member.GetByLabel("New password (at least 8 characters)").FillAsync("bob-password-42");
        await member.GetByLabel("Repeat the new password").FillAsync("bob-password-42");
        await member.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = Team, Exact = true })).ToBeVisibleAsync();
        var memberSwitcher = member.Locator("#nav details.switcher");
        await memberSwitcher.Locator("summary").FocusAsync();
        await member.Keyboard.PressAsync("Enter");
        await memberSwitcher.GetByRole(AriaRole.Link, new() { Name = Team, Exact = true }).FocusAsync();
        await member.Keyboard.PressAsync("Enter");
        await Expect(member).ToHaveURLAsync($"{server.BaseUrl}/{Team}");
        await Expect(member.GetByTestId("entity-kind")).ToHaveTextAsync("Team · your role: member");
        await Expect(member.GetByRole(AriaRole.Button, new() { Name = "Add member" })).ToHaveCountAsync(0);
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Service accounts" })).ToHaveCountAsync(0);
        await member.GetByTestId("entity-projects").GetByRole(AriaRole.Link, new() { Name = Project }).ClickAsync();
        var table = member.GetByTestId("runs-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(table.Locator("tbody tr", new() { HasText = "carols-baseline" }).GetByTestId("run-user")).ToHaveTextAsync("carol");
        var nightly = table.Locator("tbody tr", new() { HasText = "nightly-ci" });
        await Expect(nightly.GetByTestId("run-user")).ToHaveTextAsync($"{serviceName} (for carol)");
        await Screenshots.SaveAsync(member, "33-member-sees-team-run");
        await nightly.GetByRole(AriaRole.Link, new() { Name = "nightly-ci" }).ClickAsync();
        await Expect(member.GetByTestId("run-user")).ToHaveTextAsync($"{serviceName} (for carol)");
        await member.GoBackAsync();

        // A member may edit the description but not the visibility, and cannot delete.
        await member.GotoAsync($"/{Team}/{Project}/settings");
        await Expect(member.GetByLabel("Description")).ToHaveValueAsync("Baselines the whole lab compares against");
        await Expect(member.GetByLabel("Open")).ToBeDisabledAsync();
        await Expect(member.GetByRole(AriaRole.Button, new() { Name = "Delete project" })).ToHaveCountAsync(0);

        // 8. The server admin's audit log lists what happened, newest first; bob has no audit log.
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var audit = admin.GetByTestId("audit-log");
        foreach (var action in new[] { "team.create", "team.member.add", "team.member.role", "team.member.remove", "team.service-account.create", "project.visibility", "project.delete" })
        {
            await Expect(audit.Locator("tbody tr").Filter(new() { HasText = action }).First).ToBeVisibleAsync();
        }

        await Screenshots.SaveAsync(admin, "34-audit-log");
        await member.GotoAsync("/admin/audit");
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Admins only" })).ToBeVisibleAsync();

        Assert.True(consoleErrors.Count == 0, "the browser console logged errors:\n" + string.Join("\n", consoleErrors));
        output.WriteLine($"Screenshots: {Screenshots.Folder}");
    }

    private static async Task AddMemberAsync(IPage page, string login, string role)
    {
        await page.GetByLabel("Email or username").FillAsync(login);
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
        await page.GetByLabel("Email or username").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Added {login} as {role}.");
    }

    private static async Task InviteAsync(IPage page, string email, string role)
    {
        await page.GetByLabel("Email or username").FillAsync(email);
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
        await page.GetByLabel("Email or username").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(
            $"Invited {email} as {role}: they join when an account with that email is created.");
    }

    private static async Task LogInAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email or username").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
    }

    /// <summary>A user made by the server admin through <c>createUser</c>; returns their API key.</summary>
    private static async Task<string> CreateUserAsync(ServerProcess server, string email)
    {
        var answer = await server.Client.QueryAsync(
            "mutation($email: String!) { createUser(input: {email: $email}) { user { apiKeys { edges { node { name } } } } } }", new { email });
        return answer["createUser"]!["user"]!["apiKeys"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>();
    }
}
