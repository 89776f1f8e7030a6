using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Live;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Security.Fuzzing;
using Xunit.Abstractions;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Fuzzing file_stream: seeded, deterministic malformed bodies (broken JSON, wrong types, offsets without room,
/// invalid UTF-8, bad gzip, oversized bodies and gzip bombs, deep nesting, rows that are not
/// objects) thrown at an existing run for a few seconds. Each must be refused with a 4xx and a message, never a
/// 5xx; the run must read back exactly as before; the server must not hold on to what it refused. Inputs that once
/// got a wrong answer are kept in <see cref="Regressions"/> and run every time.
/// </summary>
public sealed class FileStreamFuzzTests(FileStreamFuzzTests.Server server, ITestOutputHelper output) : IClassFixture<FileStreamFuzzTests.Server>
{
    public sealed class Server : ProfileServer
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(new Dictionary<string, string>
        {
            ["ADMIN_USERNAME"] = Entity,
            ["Server:MaxFileStreamBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
    }

    private const string Entity = "fuzzer";
    private const string Project = "bodies";
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    // Every run fuzzes at least this many cases however slow the machine is; the budget adds more when it is fast.
    private const int MinimumCases = 50;

    /// <summary>Inputs that were once answered wrongly (500 instead of 400, or accepted and then fatal to the run).</summary>
    public static TheoryData<string, string, bool> Regressions => new()
    {
        // A lead byte with no continuation inside a history line: 500 from Utf8JsonReader.GetString.
        { "invalid UTF-8 in a line", "7B2266696C6573223A7B2277616E64622D686973746F72792E6A736F6E6C223A7B226F6666736574223A302C22636F6E74656E74223A5B227B5C22615C223A205C22C35C227D225D7D7D7D", false },
        // Plain JSON labelled Content-Encoding: gzip: 500 from GZipStream.
        { "plain JSON labelled gzip", Convert.ToHexString(Encoding.UTF8.GetBytes("""{"files":{"output.log":{"offset":0,"content":["x"]}}}""")), true },
        // Accepted, and then no line could ever be appended to the run.
        { "offset 2147483646", Convert.ToHexString(Encoding.UTF8.GetBytes("""{"files":{"wandb-history.jsonl":{"offset":2147483646,"content":["{\"_step\": 0}"]}}}""")), false },
    };

    [Theory]
    [MemberData(nameof(Regressions))]
    public async Task A_body_that_was_once_answered_wrongly_is_refused_with_400_and_changes_nothing(string name, string hex, bool gzipLabel)
    {
        var run = await CreateVictimAsync("regress" + Math.Abs(name.GetHashCode() % 1000));
        var before = await SnapshotAsync(run);

        var (status, message) = await PostAsync(run, new FuzzCase(name, Convert.FromHexString(hex), gzipLabel));
        Assert.Equal(400, status);
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(before, await SnapshotAsync(run));
    }

    [Fact]
    public async Task Seeded_malformed_bodies_are_each_refused_with_a_4xx_and_a_message_and_leave_the_run_unchanged()
    {
        const int seed = 20261207;
        var run = await CreateVictimAsync("victim01");
        var before = await SnapshotAsync(run);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        var fuzzer = new FileStreamBodyFuzzer(seed, MaxBodyBytes);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var cases = 0;
        for (; (cases < MinimumCases || clock.Elapsed < Budget) && cases < 5000; cases++)
        {
            var fuzzCase = fuzzer.Next(cases);
            var (status, message) = await PostAsync(run, fuzzCase);
            if (status is < 400 or >= 500 || string.IsNullOrWhiteSpace(message))
            {
                failures.Add($"{fuzzCase}: {status} {message}");
            }
        }

        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s; managed heap grew {heapGrowth / 1024} KiB");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases were answered wrongly:\n{string.Join("\n", failures.Take(20))}");
        Assert.Equal(before, await SnapshotAsync(run));
        Assert.True(heapGrowth < 64L * 1024 * 1024, $"the managed heap grew {heapGrowth / 1024 / 1024} MiB over the fuzz run");
    }

    private async Task<string> CreateVictimAsync(string run)
    {
        var body = """
            {"files":{"wandb-history.jsonl":{"offset":0,"content":["{\"loss\": 0.5, \"_step\": 0}","{\"loss\": NaN, \"_step\": 1}"]},
             "wandb-events.jsonl":{"offset":0,"content":["{\"system.cpu\": 12.5}"]},
             "wandb-summary.json":{"offset":0,"content":["{\"loss\": NaN}"]},
             "output.log":{"offset":0,"content":["hello\n","world\n"]}}}
            """;
        var (status, text) = await server.Factory.CreateAdminClient().FileStreamAsync(Entity, Project, run, body);
        Assert.True(status == 200, text);
        return run;
    }

    /// <summary>Everything a reader sees of the run, as one string to compare.</summary>
    private async Task<string> SnapshotAsync(string run)
    {
        var key = RunKey.From(Entity, Project, run);
        var info = (await server.Factory.Grains.GetGrain<IRunGrain>(key).GetAsync())!;
        var history = await server.Factory.Grains.GetGrain<IRunGrain>(key).GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 0));
        var events = await server.Factory.Grains.GetGrain<IRunGrain>(key).GetHistoryAsync(new HistoryWindow(RunStream.Events, null, null, 0));
        var console = await server.Factory.Grains.GetGrain<IRunLiveGrain>(key).GetOutputAsync(0, 1000);
        return string.Join("\n",
            info.State, info.HistoryLineCount, info.EventsLineCount, info.LogLineCount, info.SummaryMetrics, info.SystemMetrics,
            string.Join("|", history), string.Join("|", events), string.Join("|", console.Lines), info.FileCount);
    }

    private async Task<(int Status, string Message)> PostAsync(string run, FuzzCase fuzzCase)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/files/{Entity}/{Project}/{run}/file_stream") { Content = new ByteArrayContent(fuzzCase.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (fuzzCase.GzipLabel)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.Factory.AdminApiKey)));
        if (fuzzCase.WriterId is not null)
        {
            request.Headers.Add("X-WANDB-USE-ASYNC-FILESTREAM", "true");
            request.Headers.Add("X-WANDB-ASYNC-CLIENT-ID", fuzzCase.WriterId);
        }

        using var response = await server.Factory.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        string message;
        try
        {
            message = JsonNode.Parse(text)?["errors"]?[0]?["message"]?.GetValue<string>() ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            message = "";
        }

        return ((int)response.StatusCode, message);
    }
}
