using Orleans.Wandb.Tests.Artifacts;

namespace Orleans.Wandb.Tests.Alerts;

/// <summary>
/// <c>wandb.alert(title, text, level, wait_duration)</c> (Py16's <c>NotifyScriptableRunAlert</c>, wandb v0.16.6
/// wandb/sdk/internal/internal_api.py:Api.notify_scriptable_run_alert): every alert is stored with its run before the
/// answer, listed on the run and in the project's feed, and rate-limited per title as W&amp;B does. Each profile runs
/// it (<see cref="EmbeddedRunAlertTests"/>, <see cref="Cluster.ClusterRunAlertTests"/>) on a server with an owner and
/// a stranger (<see cref="ArtifactAppFixture"/>).
/// </summary>
public abstract class RunAlertTests(ArtifactAppFixture fixture)
{
    private const string Notify = """
        mutation NotifyScriptableRunAlert($entityName: String!, $projectName: String!, $runName: String!, $title: String!,
                                          $text: String!, $severity: AlertSeverity = INFO, $waitDuration: Duration) {
          notifyScriptableRunAlert(input: {entityName: $entityName, projectName: $projectName, runName: $runName, title: $title,
                                           text: $text, severity: $severity, waitDuration: $waitDuration}) { success }
        }
        """;

    private const string Read = """
        query($e: String!, $p: String!, $r: String!) {
          project(entityName: $e, name: $p) {
            run(name: $r) { alerts { title text severity waitDuration rateLimited runName createdAt } }
            alerts { title runName severity }
          }
        }
        """;

    [Fact]
    public async Task An_alert_is_stored_with_its_run_and_listed_on_the_run_and_in_the_project_feed()
    {
        var client = fixture.OwnerClient("alerts-feed").Client;
        await StartRunAsync(client, "alerts-feed", "run-a");
        await StartRunAsync(client, "alerts-feed", "run-b");

        await client.QueryAsync(Notify, Alert("alerts-feed", "run-a", "Loss diverged", "loss is NaN at step 120", "ERROR", 300));
        await client.QueryAsync(Notify, Alert("alerts-feed", "run-b", "Done", "accuracy 0.93", null, null));

        var data = await client.QueryAsync(Read, new { e = ArtifactAppFixture.Owner, p = "alerts-feed", r = "run-a" });
        var alert = data["project"]!["run"]!["alerts"]!.AsArray().Single()!;
        Assert.Equal("Loss diverged", alert["title"]!.GetValue<string>());
        Assert.Equal("loss is NaN at step 120", alert["text"]!.GetValue<string>());
        Assert.Equal("ERROR", alert["severity"]!.GetValue<string>());
        Assert.Equal(300, alert["waitDuration"]!.GetValue<long>());
        Assert.False(alert["rateLimited"]!.GetValue<bool>());
        var feed = data["project"]!["alerts"]!.AsArray().Select(a => (a!["runName"]!.GetValue<string>(), a["title"]!.GetValue<string>(), a["severity"]!.GetValue<string>())).ToList();
        Assert.Equal([("run-b", "Done", "INFO"), ("run-a", "Loss diverged", "ERROR")], feed);
    }

    [Fact]
    public async Task An_alert_of_the_same_title_within_its_wait_is_kept_but_rate_limited_while_other_titles_pass()
    {
        var client = fixture.OwnerClient("alerts-limit").Client;
        await StartRunAsync(client, "alerts-limit", "run-a");

        await client.QueryAsync(Notify, Alert("alerts-limit", "run-a", "GPU hot", "85 C", "WARN", 600));
        await client.QueryAsync(Notify, Alert("alerts-limit", "run-a", "GPU hot", "86 C", "WARN", 600));
        await client.QueryAsync(Notify, Alert("alerts-limit", "run-a", "Checkpoint saved", "step 100", "INFO", 600));
        await client.QueryAsync(Notify, Alert("alerts-limit", "run-a", "Every time", "1", "INFO", 0));
        await client.QueryAsync(Notify, Alert("alerts-limit", "run-a", "Every time", "2", "INFO", 0));

        var data = await client.QueryAsync(Read, new { e = ArtifactAppFixture.Owner, p = "alerts-limit", r = "run-a" });
        var alerts = data["project"]!["run"]!["alerts"]!.AsArray()
            .Select(a => (a!["title"]!.GetValue<string>(), a["text"]!.GetValue<string>(), a["rateLimited"]!.GetValue<bool>()))
            .Reverse()
            .ToList();
        Assert.Equal(
            [("GPU hot", "85 C", false), ("GPU hot", "86 C", true), ("Checkpoint saved", "step 100", false), ("Every time", "1", false), ("Every time", "2", false)],
            alerts);
    }

    [Fact]
    public async Task An_alert_past_the_limits_is_refused_and_nothing_is_stored()
    {
        var client = fixture.OwnerClient("alerts-refused").Client;
        await StartRunAsync(client, "alerts-refused", "run-a");

        var (titleStatus, titleBody) = await client.GraphQLAsync(Notify, Alert("alerts-refused", "run-a", new string('t', 1025), "x", "INFO", null));
        var (textStatus, _) = await client.GraphQLAsync(Notify, Alert("alerts-refused", "run-a", "long", new string('x', 16 * 1024 + 1), "INFO", null));
        var (waitStatus, _) = await client.GraphQLAsync(Notify, Alert("alerts-refused", "run-a", "wait", "x", "INFO", 8 * 24 * 3600));

        Assert.Equal(400, titleStatus);
        Assert.Contains("title of 1-1024 characters", titleBody!["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(400, textStatus);
        Assert.Equal(400, waitStatus);
        var data = await client.QueryAsync(Read, new { e = ArtifactAppFixture.Owner, p = "alerts-refused", r = "run-a" });
        Assert.Empty(data["project"]!["run"]!["alerts"]!.AsArray());
    }

    [Fact]
    public async Task Nobody_outside_a_private_project_raises_or_reads_its_alerts()
    {
        var owner = fixture.OwnerClient("alerts-private").Client;
        await StartRunAsync(owner, "alerts-private", "run-a");
        await owner.QueryAsync(
            "mutation($e: String!, $p: String!) { upsertModel(input: {entityName: $e, name: $p, access: \"PRIVATE\"}) { project { access } } }",
            new { e = ArtifactAppFixture.Owner, p = "alerts-private" });
        await owner.QueryAsync(Notify, Alert("alerts-private", "run-a", "secret", "private text", "INFO", null));
        var stranger = fixture.StrangerClient("alerts-private").Client;

        var (status, _) = await stranger.GraphQLAsync(Notify, Alert("alerts-private", "run-a", "spam", "x", "INFO", null));
        var read = await stranger.QueryAsync(Read, new { e = ArtifactAppFixture.Owner, p = "alerts-private", r = "run-a" });

        // Refused as every write to a project the caller may not write (Access.EnsureCanWriteAsync), storing nothing.
        Assert.True(status is 403 or 404, $"answered {status}");
        Assert.Null(read["project"]);
        var data = await owner.QueryAsync(Read, new { e = ArtifactAppFixture.Owner, p = "alerts-private", r = "run-a" });
        Assert.Equal(["secret"], data["project"]!["alerts"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList());
    }

    private static object Alert(string project, string run, string title, string text, string? severity, long? wait) => severity is null
        ? new { entityName = ArtifactAppFixture.Owner, projectName = project, runName = run, title, text, waitDuration = wait }
        : new { entityName = ArtifactAppFixture.Owner, projectName = project, runName = run, title, text, severity, waitDuration = wait };

    private static Task StartRunAsync(Infrastructure.WandbClient client, string project, string run) =>
        client.QueryAsync(
            "mutation($e: String, $p: String, $r: String) { upsertBucket(input: {entityName: $e, modelName: $p, name: $r}) { bucket { id } } }",
            new { e = ArtifactAppFixture.Owner, p = project, r = run });
}
