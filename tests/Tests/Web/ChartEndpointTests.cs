using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The chart endpoint: raw points for small windows, buckets with true extremes for large ones. Each profile runs
/// the same specification (<see cref="EmbeddedChartEndpointTests"/>, <see cref="Cluster.ClusterChartEndpointTests"/>).
/// </summary>
public abstract class ChartEndpointTests(ChartEndpointTests.App app)
{
    /// <summary>The settings of the server under test.</summary>
    protected static readonly Dictionary<string, string> Settings = new() { ["ADMIN_USERNAME"] = "charts" };

    public abstract class App : ProfileServer
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();

            // 2,000 rows of a smooth curve with one spike at step 1,234 and a NaN at step 10.
            var client = Factory.CreateAdminClient();
            for (var offset = 0; offset < 2000; offset += 500)
            {
                var lines = new JsonArray();
                for (var step = offset; step < offset + 500; step++)
                {
                    var loss = step == 1234 ? "1000" : step == 10 ? "NaN" : (1.0 / (step + 1)).ToString("R", CultureInfo.InvariantCulture);
                    lines.Add($"{{\"loss\": {loss}, \"_runtime\": {step * 0.5}, \"_step\": {step}}}");
                }

                var body = new JsonObject { ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = offset, ["content"] = lines } } };
                var (status, text) = await client.FileStreamAsync("charts", "curves", "spiky001", body.ToJsonString());
                Assert.True(status == 200, text);
            }
        }
    }

    private async Task<(int Status, JsonNode? Body)> ChartAsync(object request)
    {
        using var response = await app.Factory.CreateAdminClient().SendAsync(HttpMethod.Post, "/api/v1/charts", System.Text.Json.JsonSerializer.Serialize(request));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text));
    }

    [Fact]
    public async Task Bucketed_series_keep_every_spike_and_count_every_finite_row()
    {
        var (status, body) = await ChartAsync(new { runs = new[] { new { entity = "charts", project = "curves", run = "spiky001" } }, metrics = new[] { "loss" }, xAxis = "_step", buckets = 100 });
        Assert.Equal(200, status);
        var series = body!["series"]![0]!;
        Assert.True(series["bucketed"]!.GetValue<bool>());
        var points = series["points"]!.AsArray().Select(p => p!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToList();
        Assert.True(points.Count <= 100);
        Assert.Equal(1999, points.Sum(p => p[5]));
        Assert.Equal(1000, points.Max(p => p[2]));
        var spike = points.Single(p => p[2] == 1000);
        Assert.InRange(spike[0], 1200, 1234);
    }

    [Fact]
    public async Task A_small_window_returns_raw_points_on_the_chosen_x_axis()
    {
        var (status, body) = await ChartAsync(new { runs = new[] { new { entity = "charts", project = "curves", run = "spiky001" } }, metrics = new[] { "loss" }, xAxis = "_runtime", xMin = 100.0, xMax = 104.0, buckets = 1000 });
        Assert.Equal(200, status);
        var series = body!["series"]![0]!;
        Assert.False(series["bucketed"]!.GetValue<bool>());
        var points = series["points"]!.AsArray().Select(p => p!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToList();
        Assert.Equal([100.0, 100.5, 101.0, 101.5, 102.0, 102.5, 103.0, 103.5, 104.0], points.Select(p => p[0]));
        Assert.Equal(1.0 / 201, points[0][1], 15);
    }

    [Theory]
    [InlineData("""{"runs":[],"metrics":["loss"]}""", "runs")]
    [InlineData("""{"runs":[{"entity":"charts","project":"curves","run":"a/b"}],"metrics":["loss"]}""", "run path")]
    [InlineData("""{"runs":[{"entity":"charts","project":"curves","run":"spiky001"}],"metrics":[]}""", "metrics")]
    [InlineData("""{"runs":[{"entity":"charts","project":"curves","run":"spiky001"}],"metrics":["loss"],"buckets":0}""", "buckets")]
    [InlineData("""not json""", "not a valid chart request")]
    public async Task A_bad_request_is_400_naming_the_problem(string body, string named)
    {
        using var response = await app.Factory.CreateAdminClient().SendAsync(HttpMethod.Post, "/api/v1/charts", body);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Charts_need_credentials()
    {
        using var response = await app.Factory.CreateWandbClient(null).SendAsync(HttpMethod.Post, "/api/v1/charts", "{}");
        Assert.Equal(401, (int)response.StatusCode);
    }
}
