using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orleans.Wandb.Benchmarks.Ingestion;
using SkiaSharp;

namespace Orleans.Wandb.Benchmarks.WebApp;

/// <summary>
/// The workspace's image panel across 30 runs that each logged an image at 100 steps, in Debian's Chromium: bytes
/// transferred (Chrome's own count, the wire bytes of every response) from showing the runs until the panel's 30 images
/// are drawn, time to the first and to the last image, against the baseline of the same run: the bytes of the 30
/// full-size images the panel would download without server-side thumbnails.
/// </summary>
public static class MediaPanelBenchmark
{
    private const string Project = "mediapanel";
    private const string Password = "benchmark-password";

    public static async Task RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 30);
        var steps = Option(args, "--steps", 100);
        var size = Option(args, "--size", 256);
        var root = Path.Combine(Path.GetTempPath(), "orleans-wandb-bench", Guid.NewGuid().ToString("n"));
        try
        {
            await using var server = await ServerUnderTest.StartAsync(Path.Combine(root, "server"));
            var created = Stopwatch.StartNew();
            var images = Enumerable.Range(0, steps).Select(step => Image(step, size)).ToArray();
            await CreateRunsAsync(server, runs, images, size);
            var lastStepBytes = (long)images[^1].Length * runs;
            Console.WriteLine($"media-panel: {runs} runs × {steps} steps of a {size}×{size} PNG ({images.Average(i => i.Length) / 1024:F0} KiB on average) logged in {created.Elapsed.TotalSeconds:F1} s");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByLabel("Email or username").FillAsync("local@wandb.com");
            await page.GetByLabel("Password").FillAsync(Password);
            await page.GetByLabel("Password").PressAsync("Enter");
            await page.WaitForURLAsync(url => !url.Contains("login", StringComparison.Ordinal));

            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Network.enable");
            await cdp.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = true });
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await page.GotoAsync($"/{server.Entity}/{Project}");
                await page.WaitForFunctionAsync($"() => document.querySelectorAll('[data-testid=runs-table] tbody tr').length >= {runs}");
                await page.EvaluateAsync("() => document.querySelectorAll('[data-testid=runs-table] tbody input[type=checkbox]').forEach(c => { if (!c.checked) c.click(); })");

                long bytes = 0;
                long imageBytes = 0;
                var imageRequests = new Dictionary<string, bool>();
                void OnResponse(object? sender, CDPEvent e)
                {
                    if (e.Name == "Network.responseReceived" && e.Payload is { } received)
                    {
                        var id = received.GetProperty("requestId").GetString()!;
                        imageRequests[id] = received.GetProperty("type").GetString() == "Image";
                    }
                    else if (e.Name == "Network.loadingFinished" && e.Payload is { } finished)
                    {
                        var length = (long)finished.GetProperty("encodedDataLength").GetDouble();
                        bytes += length;
                        if (imageRequests.GetValueOrDefault(finished.GetProperty("requestId").GetString()!))
                        {
                            imageBytes += length;
                        }
                    }
                }

                cdp.Event("Network.responseReceived").OnEvent += (_, payload) => OnResponse(null, new CDPEvent("Network.responseReceived", payload));
                cdp.Event("Network.loadingFinished").OnEvent += (_, payload) => OnResponse(null, new CDPEvent("Network.loadingFinished", payload));
                var clock = Stopwatch.StartNew();
                await page.GetByRole(AriaRole.Button, new() { Name = "Show selected only" }).ClickAsync();
                var panel = page.Locator("section[data-key='examples']");
                await page.WaitForFunctionAsync("() => [...document.querySelectorAll(\"section[data-key='examples'] .media-cell img\")].some(i => i.complete && i.naturalWidth > 0)");
                var first = clock.Elapsed.TotalMilliseconds;
                await panel.EvaluateAsync("p => p.scrollIntoView({ block: 'start' })");
                await page.WaitForFunctionAsync($"() => {{ const all = [...document.querySelectorAll(\"section[data-key='examples'] .media-cell img\")]; all.forEach(i => i.loading = 'eager'); return all.length === {runs} && all.every(i => i.complete && i.naturalWidth > 0); }}");
                var last = clock.Elapsed.TotalMilliseconds;
                await Task.Delay(200); // the last responses' loadingFinished events
                Console.WriteLine($"  load {attempt + 1}: first image {first:F0} ms, all {runs} images {last:F0} ms; {bytes / 1048576.0:F2} MiB transferred ({imageBytes / 1048576.0:F2} MiB of images); "
                                  + $"baseline (the {runs} full-size images): {lastStepBytes / 1048576.0:F2} MiB; ratio images/baseline {(double)imageBytes / lastStepBytes:F2}");
            }
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

    private sealed record CDPEvent(string Name, JsonElement? Payload);

    /// <summary>A photo-like image: smooth colour fields, a few shapes that move with the step, a little noise (as camera images have).</summary>
    private static byte[] Image(int step, int size)
    {
        var random = new Random(step);
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var noise = random.Next(-12, 13);
                byte Channel(double v) => (byte)Math.Clamp(v + noise, 0, 255);
                bitmap.SetPixel(x, y, new SKColor(Channel(128 + (100 * Math.Sin((x + step) / 23.0))), Channel(255.0 * y / size), Channel(128 + (90 * Math.Cos((x - y + (3 * step)) / 31.0)))));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static async Task CreateRunsAsync(ServerUnderTest server, int runs, byte[][] images, int size)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.ApiKey)));
        await Parallel.ForEachAsync(Enumerable.Range(0, runs), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (index, _) =>
        {
            var run = $"run{index:D5}";
            var names = Enumerable.Range(0, images.Length).Select(step => $"media/images/examples_{step}_{step:x20}.png").ToArray();
            var lines = new JsonArray(Enumerable.Range(0, images.Length).Select(step => (JsonNode)new JsonObject
            {
                ["_step"] = step,
                ["loss"] = 1.0 / (step + 1),
                ["examples"] = new JsonObject { ["_type"] = "image-file", ["path"] = names[step], ["format"] = "png", ["width"] = size, ["height"] = size, ["size"] = images[step].Length },
            }.ToJsonString()).ToArray());
            var body = new JsonObject { ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = 0, ["content"] = lines } } }.ToJsonString();
            using (var response = await http.PostAsync($"/files/{server.Entity}/{Project}/{run}/file_stream", new StringContent(body, Encoding.UTF8, "application/json")))
            {
                response.EnsureSuccessStatusCode();
            }

            var query = new JsonObject
            {
                ["query"] = "mutation($e: String!, $p: String!, $r: String!, $f: [String!]!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: $f}) { files { name uploadUrl } } }",
                ["variables"] = new JsonObject { ["e"] = server.Entity, ["p"] = Project, ["r"] = run, ["f"] = new JsonArray(names.Select(n => (JsonNode)n).ToArray()) },
            };
            using var created = await http.PostAsync("/graphql", new StringContent(query.ToJsonString(), Encoding.UTF8, "application/json"));
            var files = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["data"]!["createRunFiles"]!["files"]!.AsArray();
            for (var step = 0; step < files.Count; step++)
            {
                using var put = new HttpRequestMessage(HttpMethod.Put, files[step]!["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(images[step]) };
                using var uploaded = await http.SendAsync(put);
                uploaded.EnsureSuccessStatusCode();
            }
        });
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
