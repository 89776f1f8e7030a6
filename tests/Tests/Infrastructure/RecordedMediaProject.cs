using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// The project <c>local/media</c> the official Python client 0.16.6 logged (<c>tests/fixtures/python-0.16.6-media.jsonl</c>
/// and the uploaded files beside it): 30 runs, four of them with every media type the client writes. Replayed into a
/// server as the client sent it: its <c>UpsertBucket</c> documents and <c>file_stream</c> bodies in recorded order, then
/// each run's files through the upload URLs <c>createRunFiles</c> hands out.
/// </summary>
public static class RecordedMediaProject
{
    public const string Entity = "local";
    public const string Project = "media";
    public const string FixtureFile = "python-0.16.6-media.jsonl";

    /// <summary>The run ids of the four runs that logged media (display names run-00 … run-03).</summary>
    public static IReadOnlyList<string> MediaRuns { get; } = ["grl3fodr", "88dmzkgr", "69myrloi", "5lg7i2a5"];

    public static string FilesFolder => Path.Combine(RepoPaths.Fixtures, "python-0.16.6-media");

    /// <summary>The bytes the client uploaded as <paramref name="path"/> of <paramref name="run"/>.</summary>
    public static byte[] FileBytes(string run, string path) => File.ReadAllBytes(Path.Combine(FilesFolder, run, path));

    /// <summary>The project <c>local/charts</c>: one run (<see cref="ChartsRun"/>) logging each <c>wandb.plot</c> preset once (<c>python-0.16.6-charts.jsonl</c>).</summary>
    public const string ChartsProject = "charts";

    public const string ChartsFixtureFile = "python-0.16.6-charts.jsonl";

    public const string ChartsRun = "crcrqphn";

    /// <summary>Replays the whole project into the server <paramref name="client"/> speaks to (as the admin <c>local</c>).</summary>
    public static Task SeedAsync(WandbClient client) => SeedAsync(client, FixtureFile, Project);

    /// <summary>Replays the charts project the same way.</summary>
    public static Task SeedChartsAsync(WandbClient client) => SeedAsync(client, ChartsFixtureFile, ChartsProject);

    private static async Task SeedAsync(WandbClient client, string fixtureFile, string project)
    {
        var filesFolder = Path.Combine(RepoPaths.Fixtures, Path.GetFileNameWithoutExtension(fixtureFile));
        var uploads = new Dictionary<string, List<string>>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Fixtures, fixtureFile)).Where(l => l.Length > 0))
        {
            var request = JsonNode.Parse(line)!.AsObject();
            var path = request["path"]!.GetValue<string>();
            if (request["body_file"]?.GetValue<string>() is { } file)
            {
                var slash = file.IndexOf('/');
                var run = file[..slash];
                if (!uploads.TryGetValue(run, out var names))
                {
                    uploads[run] = names = [];
                }

                names.Add(file[(slash + 1)..]);
            }
            else if (path == "/graphql")
            {
                var body = request["body"]!;
                var (status, answer) = await client.GraphQLAsync(body["query"]!.GetValue<string>(), body["variables"]);
                Assert.True(status == 200 && answer?["errors"] is null, $"seq {request["seq"]}: {answer?.ToJsonString()}");
            }
            else
            {
                var parts = path.Split('/');
                var (status, answer) = await client.FileStreamAsync(parts[2], parts[3], parts[4], request["body"]!.ToJsonString());
                Assert.True(status == 200, $"seq {request["seq"]}: {status} {answer}");
            }
        }

        await Parallel.ForEachAsync(uploads, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (entry, _) =>
        {
            foreach (var name in entry.Value.Distinct())
            {
                await UploadAsync(client, entry.Key, name, File.ReadAllBytes(Path.Combine(filesFolder, entry.Key, name)), project);
            }
        });
    }

    /// <summary>Uploads one file of a run of this project as the client does: <c>createRunFiles</c>, then a PUT to the URL it hands out.</summary>
    public static async Task UploadAsync(WandbClient client, string run, string name, byte[] bytes, string project = Project)
    {
        var files = await client.QueryAsync(
            "mutation($e: String!, $p: String!, $r: String!, $f: [String!]!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: $f}) { files { name uploadUrl } uploadHeaders } }",
            new { e = Entity, p = project, r = run, f = new[] { name } });
        var file = files["createRunFiles"]!["files"]![0]!;
        using var put = new HttpRequestMessage(HttpMethod.Put, file["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(bytes) };
        using var response = await client.Http.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, $"PUT {run}/{name}: {(int)response.StatusCode}");
    }
}
