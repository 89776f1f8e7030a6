using System.Text.Json;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>Resolver behaviour the clients depend on, against grains answered by delegates.</summary>
public sealed class ResolverTests
{
    private static readonly ProjectInfo CaptureProject = new() { Id = 2, Entity = "capture-user", Name = "capture-proj" };

    [Fact]
    public async Task Resume_of_a_missing_run_answers_bucket_null_without_an_error()
    {
        var cluster = new FakeCluster((grain, method, _) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "GetProjectAccessAsync") => AccessLevel.Read,
            (nameof(IProjectGrain), "GetAsync") => CaptureProject,
            (nameof(IRunGrain), "GetAsync") => null,
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });
        var resume = RecordedGraphQLRequests.All.First(request => request.Operation == "RunResumeStatus");

        var (status, body) = await GraphQLRunner.RunAsync(resume.Query, cluster, resume.VariablesJson);

        Assert.Equal(200, status);
        Assert.False(body.TryGetProperty("errors", out _));
        var model = body.GetProperty("data").GetProperty("model");
        Assert.Equal("capture-user", model.GetProperty("entity").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, model.GetProperty("bucket").ValueKind);
    }

    [Fact]
    public async Task Resume_of_an_existing_run_answers_tails_as_json_arrays_of_lines()
    {
        var run = new RunInfo
        {
            Id = 1,
            Entity = "capture-user",
            Project = "capture-proj",
            Name = "a3z59p3j",
            HistoryLineCount = 200,
            EventsLineCount = 3,
            LogLineCount = 11,
            HistoryTail = ["{\"_step\": 199, \"loss\": NaN}"],
            Config = """{"_wandb": {"desc": null, "value": {"t": {"1": [55]}, "cli_version": "0.16.6"}}}""",
        };
        var cluster = new FakeCluster((grain, method, _) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "GetProjectAccessAsync") => AccessLevel.Read,
            (nameof(IProjectGrain), "GetAsync") => CaptureProject,
            (nameof(IRunGrain), "GetAsync") => run,
            (nameof(IRunGrain), "GetWandbConfigAsync") => "{\"t\":{\"1\":[55]}}",
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });

        var (_, body) = await GraphQLRunner.RunAsync(
            """query { model(name: "capture-proj") { bucket(name: "a3z59p3j", missingOk: true) { id historyLineCount logLineCount historyTail eventsTail summaryMetrics wandbConfig(keys: ["t"]) } } }""",
            cluster);

        var bucket = body.GetProperty("data").GetProperty("model").GetProperty("bucket");
        Assert.Equal(RelayIds.Run(1), bucket.GetProperty("id").GetString());
        Assert.Equal(11, bucket.GetProperty("logLineCount").GetInt32());
        Assert.Equal("[\"{\\\"_step\\\": 199, \\\"loss\\\": NaN}\"]", bucket.GetProperty("historyTail").GetString());
        Assert.Equal("[]", bucket.GetProperty("eventsTail").GetString());
        Assert.Equal("{}", bucket.GetProperty("summaryMetrics").GetString());
        Assert.Equal("{\"t\":{\"1\":[55]}}", bucket.GetProperty("wandbConfig").GetString());
    }

    [Fact]
    public async Task Upsert_with_a_null_entity_uses_the_viewers_entity_and_reports_it()
    {
        RunUpsert? sent = null;
        var cluster = new FakeCluster((grain, method, args) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "GetProjectAccessAsync") => (string)args[1]! == "capture-user" ? AccessLevel.Write : AccessLevel.None,
            (nameof(IDirectoryGrain), "EntityExistsAsync") => (string)args[0]! == "capture-user",
            (nameof(IProjectGrain), "EnsureAsync") => CaptureProject,
            (nameof(IRunGrain), "UpsertAsync") => new RunUpsertResult(
                new RunInfo { Id = 1, Entity = "capture-user", Project = "capture-proj", Name = "a3z59p3j", DisplayName = (sent = (RunUpsert)args[0]!).DisplayName },
                true),
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });
        var upsert = RecordedGraphQLRequests.All.First(request => request.Operation == "UpsertBucket" && request.File.StartsWith("python-0.16.6-main", StringComparison.Ordinal));

        var (status, body) = await GraphQLRunner.RunAsync(upsert.Query, cluster, upsert.VariablesJson);

        Assert.Equal(200, status);
        var payload = body.GetProperty("data").GetProperty("upsertBucket");
        Assert.True(payload.GetProperty("inserted").GetBoolean());
        Assert.Equal("capture-user", payload.GetProperty("bucket").GetProperty("project").GetProperty("entity").GetProperty("name").GetString());
        Assert.Equal(0, payload.GetProperty("serverSettings").GetProperty("serverMessages").GetArrayLength());
        Assert.Equal(["capture"], sent!.Tags);
        Assert.False(sent.FromPublicApi);
    }

    [Fact]
    public async Task CreateRunFiles_answers_one_signed_absolute_upload_url_per_name()
    {
        var cluster = new FakeCluster((grain, method, _) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "GetProjectAccessAsync") => AccessLevel.Write,
            (nameof(IProjectGrain), "EnsureAsync") => CaptureProject,
            (nameof(IRunGrain), "EnsureAsync") => new RunInfo { Id = 1, Entity = "capture-user", Project = "capture-proj", Name = "a3z59p3j" },
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });
        var create = RecordedGraphQLRequests.All.First(request => request.Operation == "CreateRunFiles");

        var (_, body) = await GraphQLRunner.RunAsync(
            create.Query, cluster, """{"entity":"capture-user","project":"capture-proj","run":"a3z59p3j","files":["media/images/a b.png","wandb-metadata.json"]}""");

        var payload = body.GetProperty("data").GetProperty("createRunFiles");
        Assert.Equal(RelayIds.Run(1), payload.GetProperty("runID").GetString());
        Assert.Equal(0, payload.GetProperty("uploadHeaders").GetArrayLength());
        var files = payload.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["media/images/a b.png", "wandb-metadata.json"], files.Select(file => file.GetProperty("name").GetString()));
        Assert.StartsWith(
            "http://wandb.test:8080/storage/runs/capture-user/capture-proj/a3z59p3j/media/images/a%20b.png?op=put&exp=",
            files[0].GetProperty("uploadUrl").GetString());
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a//b")]
    [InlineData("dir\\\\file")]
    public async Task CreateRunFiles_rejects_paths_that_leave_the_run(string path)
    {
        var (status, body) = await GraphQLRunner.RunAsync(
            $$"""mutation { createRunFiles(input: {entityName: "e", projectName: "p", runName: "r", files: ["{{path}}"]}) { runID } }""",
            new FakeCluster((_, _, _) => true));

        Assert.Equal(400, status);
        Assert.Contains("Invalid run file name", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task SampledHistory_asks_the_run_once_per_spec_and_embeds_its_rows_as_json_values()
    {
        var asked = new List<SampledHistorySpec>();
        var cluster = new FakeCluster((grain, method, args) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "GetProjectAccessAsync") => AccessLevel.Read,
            (nameof(IProjectGrain), "GetAsync") => CaptureProject,
            (nameof(IRunGrain), "GetAsync") => new RunInfo { Id = 1, Entity = "capture-user", Project = "capture-proj", Name = "r" },
            (nameof(IRunGrain), "GetSampledHistoryAsync") => Record(asked, (SampledHistorySpec)args[0]!, """[{"_step":0,"loss":"NaN"},{"_step":2,"loss":0.25}]"""),
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });

        var (_, body) = await GraphQLRunner.RunAsync(
            """query { project(name: "capture-proj") { run(name: "r") { sampledHistory(specs: ["{\"keys\": [\"_step\", \"loss\"], \"maxStep\": 2}", "{\"keys\": [\"acc\"], \"samples\": 7}"]) } } }""",
            cluster);

        var lists = body.GetProperty("data").GetProperty("project").GetProperty("run").GetProperty("sampledHistory");
        Assert.Equal(2, lists.GetArrayLength());
        Assert.Equal("""[{"_step":0,"loss":"NaN"},{"_step":2,"loss":0.25}]""", lists[0].GetRawText());
        Assert.Equal(["_step", "loss"], asked[0].Keys);
        Assert.Equal((2L, 500), (asked[0].MaxStep!.Value, asked[0].Samples));
        Assert.Equal(["acc"], asked[1].Keys);
        Assert.Equal(7, asked[1].Samples);
    }

    private static string Record(List<SampledHistorySpec> asked, SampledHistorySpec spec, string answer)
    {
        asked.Add(spec);
        return answer;
    }
}
