using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// A run that was started and finished without logging history is resumed (the SDK's test_resume_tags_* tests,
/// issue #22 item 1). Python 0.16.6 did it for real against our server (tests/fixtures/python-0.16.6-resume-no-history.jsonl:
/// two runs, tags kept at resume, then replaced at resume); the Go core's resume query is its own document
/// (tests/fixtures/go-core-0.28.2-resume-no-history.jsonl). <see cref="ClientResumeReaders"/> reads each answer as
/// that client would.
/// </summary>
public abstract class ResumeOfRunWithoutHistoryTests
{
    private const string PythonFixture = "python-0.16.6-resume-no-history.jsonl";

    /// <summary>A fresh server of the profile under test.</summary>
    protected abstract Task<WandbAppFactory> StartAppAsync();

    [Fact]
    public async Task Python_0_16_6_resumes_runs_that_never_logged_and_keeps_or_replaces_their_tags()
    {
        using var app = await StartAppAsync();
        await FixtureReplayTests.ReplayAsync(app, app.AdminApiKey, RecordedRequest.Load(PythonFixture));

        Assert.Equal(["tag1", "tag2", "tag7"], await TagsAsync(app, "3b2abpk0"));
        Assert.Equal(["tag4", "tag5", "tag7"], await TagsAsync(app, "x7cuxfs2"));
    }

    [Fact]
    public async Task The_go_core_resumes_a_run_that_never_logged_at_step_zero()
    {
        using var app = await StartAppAsync();
        var firstRun = RecordedRequest.Load(PythonFixture).TakeWhile(r => r.Operation != "RunResumeStatus").ToList();
        await FixtureReplayTests.ReplayAsync(app, app.AdminApiKey, firstRun);
        var resume = RecordedRequest.Load("go-core-0.28.2-resume-no-history.jsonl").Single();

        var data = await app.CreateAdminClient().QueryAsync(resume.Body!["query"]!.GetValue<string>(), resume.Body["variables"]);

        var bucket = data["model"]!["bucket"]!;
        Assert.Equal(new ClientResumeReaders.ResumePoint(0, 0), ClientResumeReaders.GoCore(bucket));
        Assert.Equal(new ClientResumeReaders.ResumePoint(0, 0), ClientResumeReaders.Python0166(bucket));
        Assert.Equal(["tag1", "tag2"], bucket["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    private static async Task<IEnumerable<string>> TagsAsync(WandbAppFactory app, string run)
    {
        var data = await app.CreateAdminClient().QueryAsync(
            "query Tags($run: String!) { project(name: \"tags\", entityName: \"local\") { run(name: $run) { tags } } }", new { run });
        return data["project"]!["run"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
    }
}
