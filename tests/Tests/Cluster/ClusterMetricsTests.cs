using System.Net;
using System.Net.Http.Headers;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>On a cluster silo, <c>/metrics</c> shows the blob store's side of durability: every Append Block timed.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterMetricsTests
{
    [Fact]
    public async Task A_cluster_silo_times_its_blob_appends_and_counts_the_rows_they_made_durable()
    {
        // A silo process of its own: a meter listener hears every meter of its name in the process, and this test
        // process hosts many servers at once.
        var settings = await (await ClusterDependencies.Shared).NewClusterSettingsAsync();
        using var data = new TempDataDir();
        await using var silo = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey(), settings);
        var (status, _) = await silo.Client.FileStreamAsync("admin", "metrics", "blobbed", """
            {"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0, \"loss\": 1}", "{\"_step\": 1, \"loss\": 0.5}"]}}}
            """);
        Assert.Equal(200, status);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", silo.ApiKey);
        using var response = await silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Matches(@"(?m)^wandb_blob_append_duration_seconds_count\{[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^wandb_history_rows_total\{[^}]*\} [2-9]", text);

        // No local disk holds the data in this profile, and no fsync group commit happens.
        Assert.DoesNotContain("wandb_storage_disk_free_bytes{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wandb_runlog_fsync_duration_seconds_count{", text, StringComparison.Ordinal);
    }
}
