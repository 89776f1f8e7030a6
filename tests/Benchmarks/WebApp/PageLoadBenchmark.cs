using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Orleans.Wandb.Benchmarks.Ingestion;

namespace Orleans.Wandb.Benchmarks.WebApp;

/// <summary>
/// How long the project page takes in a real browser (Debian Chromium) for a project with many runs: from
/// navigation until the first page of the runs table is shown and the first chart has drawn its default runs.
/// </summary>
public static class PageLoadBenchmark
{
    private const string Project = "pageload";
    private const string Password = "benchmark-password";
    private const int ShownOnCharts = 10;

    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1]) : 1000;
        var root = Path.Combine(Path.GetTempPath(), "orleans-wandb-bench", Guid.NewGuid().ToString("n"));
        try
        {
            await using var server = await ServerUnderTest.StartAsync(Path.Combine(root, "server"));
            var created = Stopwatch.StartNew();
            await CreateRunsAsync(server, runs);
            Console.WriteLine($"pageload: {runs:N0} runs of 50 rows created in {created.Elapsed.TotalSeconds:F1} s");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByLabel("Email or username").FillAsync("local@wandb.com");
            await page.GetByLabel("Password").FillAsync(Password);
            await page.GetByLabel("Password").PressAsync("Enter");
            await page.WaitForURLAsync(url => !url.Contains("login", StringComparison.Ordinal));

            var timings = new List<double>();
            for (var attempt = 0; attempt < 6; attempt++)
            {
                await page.GotoAsync("about:blank");
                var clock = Stopwatch.StartNew();
                await page.GotoAsync($"/{server.Entity}/{Project}");
                await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=runs-table] tbody tr').length >= 50");
                await page.WaitForFunctionAsync($"() => window.wandbCharts?.loss?.lines?.length === {ShownOnCharts}");
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"project page with {runs:N0} runs: first load {timings[0]:F0} ms; then {string.Join(", ", timings.Skip(1).Select(t => $"{t:F0}"))} ms " +
                              $"(median of the warm loads {timings.Skip(1).Order().ElementAt(2):F0} ms)");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task CreateRunsAsync(ServerUnderTest server, int count)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.ApiKey)));
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (index, _) =>
        {
            var lines = string.Join(",", Enumerable.Range(0, 50).Select(step =>
                $"\"{{\\\"loss\\\": {1.0 / (step + 1 + index % 7)}, \\\"acc\\\": {step / 50.0}, \\\"_step\\\": {step}}}\""));
            var body = $"{{\"files\":{{\"wandb-history.jsonl\":{{\"offset\":0,\"content\":[{lines}]}}}}}}";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync($"/files/{server.Entity}/{Project}/run{index:D5}/file_stream", content);
            response.EnsureSuccessStatusCode();
        });
    }
}
