using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11, "keep them closed": the parsers that face the network in file transfer — signed URLs (path, expiry,
/// signature, grant) and multipart upload parts (part URLs and <c>completeMultipartUploadArtifact</c>) — get malformed
/// inputs from a seeded generator for a bounded time. Every answer is a 4xx that says what is wrong, never a 5xx, and
/// the stored data is unchanged. Inputs that once failed stay below as regression cases.
/// </summary>
public sealed class MalformedInputFuzzTests(MalformedInputFuzzTests.Server server) : IClassFixture<MalformedInputFuzzTests.Server>
{
    private const int Seed = 1107;
    private const int MaxCases = 400;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    private static readonly byte[] Original = Encoding.UTF8.GetBytes("the original bytes");

    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    /// <summary>Inputs that once answered a 5xx or changed data; each is replayed on every run.</summary>
    private static readonly (string Method, string PathAndQuery)[] Regressions =
    [
        ("GET", "/storage/runs/lab/fuzz/run00001/a.txt?op=get&exp=99999999999999999999&uid=1&scope=lab%2Ffuzz&sig=00"),
        ("PUT", "/storage/runs/lab/fuzz/run00001/a.txt?exp=1&exp=2&uid=1&scope=lab%2Ffuzz&sig=00"),
        ("PUT", "/storage/artifacts/parts/zz/1/00?exp=1&uid=x&scope=%2F&sig="),
        ("GET", "/storage/runs/lab/fuzz/run00001/%2e%2e/%2e%2e/x?exp=1&uid=1&scope=lab/fuzz&sig=1"),
    ];

    private static readonly string[] Nasty =
    [
        "", "0", "-1", "1e9", "18446744073709551616", "99999999999999999999999", " 1", "%00", "%2F", "..", ".", "%2e%2e",
        "\u00e9", "%ZZ", "a b", new string('9', 300), new string('f', 64), new string('a', 5000), "null", "[]", "{}", "&", "=",
        "lab/fuzz", "lab%2Ffuzz%2Fextra", "lab", "/", "~", "~~",
    ];

    /// <summary>In paths, everything but NUL: the in-process test server refuses it before the app (Kestrel answers 400).</summary>
    private static readonly string[] PathNasty = Nasty.Where(value => value != "%00").ToArray();

    [Fact]
    public async Task MalformedSignedUrlsAndMultipartParts_AnswerA4xxWithAMessage_AndChangeNothing()
    {
        var (getUrl, putUrl, partUrl) = await ValidUrlsAsync();
        var random = new Random(Seed);
        var cases = Regressions.Select(r => (r.Method, r.PathAndQuery)).ToList();
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        for (var i = 0; i < MaxCases && watch.Elapsed < Budget; i++)
        {
            var template = random.Next(3) switch { 0 => getUrl, 1 => putUrl, _ => partUrl };
            var mutated = Mutate(template, random);

            // A mutation that leaves /storage/ (a '..' the URL resolves) reaches other routes, not these parsers.
            if (mutated.StartsWith("/storage/", StringComparison.Ordinal))
            {
                cases.Add((random.Next(2) == 0 ? "GET" : "PUT", mutated));
            }
        }

        var http = server.Factory.CreateClient();
        foreach (var (method, pathAndQuery) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
            if (method == "PUT")
            {
                // The original bytes: a mutation that leaves the URL genuine may store them again, and nothing changes.
                request.Content = new ByteArrayContent(Original);
            }

            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status is >= 500 || (status is >= 200 and < 300 && !StillGenuine(pathAndQuery, getUrl, putUrl, partUrl))
                || (status is >= 400 and < 500 and not 404 and not 405 && body.Length == 0))
            {
                failures.Add($"{method} {pathAndQuery} -> {status} '{body}'");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        using var keyed = await server.Client(server.DaveKey).SendAsync(HttpMethod.Get, "/files/lab/fuzz/run00001/a.txt", null);
        Assert.Equal(Original, await keyed.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task MalformedMultipartCompletions_AreRefusedWithAMessage_NeverA5xx()
    {
        await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, "fuzzparts", "run00001", "team");
        var writer = new ArtifactClient(server.Client(server.DaveKey), SecurityApp.Team, "fuzzparts");
        var file = ArtifactFileSource.FromText("big.bin", "two parts");
        var created = await writer.CreateArtifactAsync("parts", "dataset", ArtifactClient.Digest([file]), null, ["latest"]);
        var id = created["id"]!.GetValue<string>();
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 60 && watch.Elapsed < Budget; i++)
        {
            var parts = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => (object)new { partNumber = (long)random.Next(-2, 4), hexMD5 = Pick(random, [file.Md5Hex, "\"" + file.Md5Hex + "\"", "zz", "", new string('0', 32)]) })
                .ToList();
            var (status, body) = await writer.CompleteMultipartAsync(
                id, Pick(random, [$"artifacts/md5/{file.Md5Hex}", "", "../x", "artifacts/md5/zz"]), Pick(random, [file.Md5Hex, "", "x", new string('0', 32)]), parts);
            Assert.True(status is >= 200 and < 500, $"{status}: {body?.ToJsonString()}");
            Assert.NotNull(body?["errors"]?[0]?["message"]);
        }
    }

    private async Task<(string Get, string Put, string Part)> ValidUrlsAsync()
    {
        await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, "fuzz", "run00001", "team");
        await server.UploadRunFileAsync(server.DaveKey, SecurityApp.Team, "fuzz", "run00001", "a.txt", Original);
        var client = server.Client(server.DaveKey);
        var urls = await client.QueryAsync(
            """query { project(entityName: "lab", name: "fuzz") { run(name: "run00001") { files(names: ["a.txt"]) { edges { node { directUrl uploadUrl } } } } } }""");
        var node = urls["project"]!["run"]!["files"]!["edges"]![0]!["node"]!;

        var writer = new ArtifactClient(client, SecurityApp.Team, "fuzz");
        var bytes = RandomNumberGenerator.GetBytes(64);
        var file = ArtifactFileSource.FromBytes("parts.bin", bytes);
        var created = await writer.CreateArtifactAsync("fuzzparts", "dataset", ArtifactClient.Digest([file]), null, ["latest"]);
        var artifactId = created["id"]!.GetValue<string>();
        var manifestId = (await writer.CreateManifestAsync(artifactId, "", includeUpload: false))["id"]!.GetValue<string>();
        var nodes = await writer.CreateFilesAsync(artifactId, manifestId, [file],
            _ => new[] { new { partNumber = 1L, hexMD5 = file.Md5Hex } });
        var part = nodes[0]["uploadMultipartUrls"]!["uploadUrlParts"]![0]!["uploadUrl"]!.GetValue<string>();
        return (PathOf(node["directUrl"]!), PathOf(node["uploadUrl"]!), new Uri(part).PathAndQuery);
    }

    private static string PathOf(System.Text.Json.Nodes.JsonNode url) => new Uri(url.GetValue<string>()).PathAndQuery;

    /// <summary>True when the mutation kept a valid URL's path and signed values (it only added noise, such as another <c>op</c>).</summary>
    private static bool StillGenuine(string pathAndQuery, params string[] valid) =>
        valid.Any(url => Signed(url) == Signed(pathAndQuery));

    private static string Signed(string pathAndQuery)
    {
        var uri = new Uri("http://localhost" + pathAndQuery);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        // The server collapses repeated slashes before routing (CollapseSlashesMiddleware): a//b is a/b.
        var path = System.Text.RegularExpressions.Regex.Replace(uri.AbsolutePath, "/{2,}", "/");
        return path + "|" + string.Join("|", new[] { "exp", "uid", "scope", "sig" }.Select(name => query.TryGetValue(name, out var v) ? v.ToString() : "-"));
    }

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];

    /// <summary>One to three edits of a valid URL: a path segment or query value replaced, a parameter dropped or repeated, bytes flipped.</summary>
    private static string Mutate(string pathAndQuery, Random random)
    {
        var queryAt = pathAndQuery.IndexOf('?');
        var segments = pathAndQuery[..queryAt].Split('/').ToList();
        var query = pathAndQuery[(queryAt + 1)..].Split('&').Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: p.Length > 1 ? p[1] : "")).ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            switch (random.Next(6))
            {
                case 0 when segments.Count > 2:
                    segments[random.Next(2, segments.Count)] = Pick(random, PathNasty);
                    break;
                case 1 when query.Count > 0:
                    var at = random.Next(query.Count);
                    query[at] = (query[at].Name, Pick(random, Nasty));
                    break;
                case 2 when query.Count > 0:
                    query.RemoveAt(random.Next(query.Count));
                    break;
                case 3 when query.Count > 0:
                    query.Add(query[random.Next(query.Count)]);
                    break;
                case 4 when query.Count > 0:
                    var flip = random.Next(query.Count);
                    var value = query[flip].Value.ToCharArray();
                    if (value.Length > 0)
                    {
                        value[random.Next(value.Length)] = (char)random.Next(33, 127);
                    }

                    query[flip] = (query[flip].Name, new string(value));
                    break;
                default:
                    segments.Insert(random.Next(2, segments.Count + 1), Pick(random, PathNasty));
                    break;
            }
        }

        var path = string.Join('/', segments);
        var text = string.Join('&', query.Select(p => p.Name + "=" + p.Value));
        return Uri.TryCreate("http://localhost" + path + "?" + text, UriKind.Absolute, out var uri) ? uri.PathAndQuery : path + "?op=x";
    }
}
