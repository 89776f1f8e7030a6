using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Health;

/// <summary>
/// <c>GET /metrics</c> is what an operator's Prometheus scrapes: the server's own ingestion and durability figures,
/// Orleans' activations by grain type, request latency by route and the runtime's GC, in Prometheus' text format,
/// for an instance admin's key or the configured scrape token only.
/// </summary>
/// <remarks>
/// The figures are read from a server process of its own: a meter listener hears every meter of its name in the
/// process, so in a test process hosting many servers at once their instruments would collide.
/// </remarks>
[Trait("Needs", "Process")]
public sealed partial class MetricsEndpointTests(MetricsEndpointTests.Server app) : IClassFixture<MetricsEndpointTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public const string ScrapeToken = "scrape-token-for-tests-0123456789abcdef";

        private readonly TempDataDir _data = new();

        public ServerProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Process = await ServerProcess.StartAsync(_data.Path, TestKeys.NewApiKey(), new Dictionary<string, string> { ["METRICS_TOKEN"] = ScrapeToken });

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            _data.Dispose();
        }
    }

    [Fact]
    public async Task Rows_acknowledged_through_file_stream_are_counted_once_durable()
    {
        var admin = app.Process.Client;
        var before = Sample(await ScrapeAsync(), "wandb_history_rows_total");

        var (status, _) = await admin.FileStreamAsync("admin", "metrics", "counted", """
            {"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0, \"loss\": 1}", "{\"_step\": 1, \"loss\": 0.5}", "{\"_step\": 2, \"loss\": 0.25}"]}}}
            """);
        Assert.Equal(200, status);

        var text = await ScrapeAsync();
        Assert.True(Sample(text, "wandb_history_rows_total") - before >= 3, text);
        Assert.True(Sample(text, "wandb_filestream_batches_total") >= 1);
        Assert.True(Sample(text, "wandb_runlog_append_duration_seconds_count") >= 1);

        // The embedded profile's group commit: one fsync covers every append queued meanwhile.
        Assert.True(Sample(text, "wandb_runlog_group_commit_appends_count") >= 1);
        Assert.True(Sample(text, "wandb_runlog_fsync_duration_seconds_count") >= 1);
        Assert.Contains("wandb_runlog_fsync_duration_seconds_bucket{otel_scope_name=\"Orleans.Wandb\",le=\"0.001\"}", text, StringComparison.Ordinal);
        Assert.True(Sample(text, "wandb_storage_disk_free_bytes") > 0);
    }

    [Fact]
    public async Task Request_latency_is_by_route_grains_by_type_and_the_runtime_reports_its_collector()
    {
        var admin = app.Process.Client;
        var (status, _) = await admin.FileStreamAsync("admin", "metrics", "latency", """{"files": {"wandb-events.jsonl": {"offset": 0, "content": ["{\"_runtime\": 1}"]}}}""");
        Assert.Equal(200, status);

        var text = await ScrapeAsync();
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_route=""/files/\{entity\}/\{project\}/\{run\}/file_stream""", text);
        Assert.Matches(@"orleans_grains\{[^}]*grain_type=""run""\} [1-9]", text);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_thread_pool_queue_length", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_series_the_shipped_Grafana_dashboard_plots_is_one_the_server_exports()
    {
        var admin = app.Process.Client;
        var (status, _) = await admin.FileStreamAsync("admin", "metrics", "dashboard", """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0, \"x\": 1}"]}}}""");
        Assert.Equal(200, status);
        var exported = SampleLine().Matches(await ScrapeAsync()).Select(m => m.Groups["name"].Value).ToHashSet();

        // Only the cluster profile appends to a blob store; the embedded server never records that histogram.
        string[] clusterOnly = ["wandb_blob_append_duration_seconds_bucket"];
        var dashboard = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "grafana", "orleans-wandb.json"));
        var plotted = SeriesName().Matches(dashboard).Select(m => m.Value).Distinct().ToList();
        Assert.True(plotted.Count >= 15, $"only {plotted.Count} series found in the dashboard");
        Assert.All(plotted.Except(clusterOnly), name => Assert.Contains(name, exported));
    }

    [Fact]
    public async Task The_scrape_token_is_accepted_as_a_bearer_token_and_nothing_else_is()
    {
        var http = app.Process.Http;
        using (var scraped = await GetAsync(http, new AuthenticationHeaderValue("Bearer", Server.ScrapeToken)))
        {
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.StartsWith("text/plain", scraped.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        using (var wrong = await GetAsync(http, new AuthenticationHeaderValue("Bearer", Server.ScrapeToken[..^1] + "X")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var anonymous = await GetAsync(http, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.DoesNotContain("wandb_", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await GetAsync(app.Process.Http, new AuthenticationHeaderValue("Bearer", app.Process.ApiKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = authorization;
        return http.SendAsync(request);
    }

    /// <summary>The value of the series <paramref name="name"/> (summed over its labels), 0 when absent.</summary>
    private static double Sample(string exposition, string name) =>
        SampleLine().Matches(exposition)
            .Where(m => m.Groups["name"].Value == name)
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    /// <summary>Metric names in PromQL: the families the server and its libraries export, followed by a selector or range.</summary>
    [GeneratedRegex(@"\b(wandb|http_server|kestrel|orleans|dotnet)_[a-z_]+(?=[{\[)])")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (?<value>[-+0-9.eE]+|NaN)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
