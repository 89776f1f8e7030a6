using System.Text.Json;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>Every <c>POST /graphql</c> body in the recorded client traffic (<c>tests/fixtures/*.jsonl</c>).</summary>
internal static class RecordedGraphQLRequests
{
    public sealed record Request(string File, int Seq, string? Operation, string Query, string? OperationName, string? VariablesJson);

    public static IReadOnlyList<Request> All { get; } = Load();

    /// <summary>Theory rows: file and sequence number (short, readable test names).</summary>
    public static TheoryData<string, int> Keys()
    {
        var data = new TheoryData<string, int>();
        foreach (var request in All)
        {
            data.Add(request.File, request.Seq);
        }

        return data;
    }

    public static Request Find(string file, int seq) => All.Single(request => request.File == file && request.Seq == seq);

    private static List<Request> Load()
    {
        // RepoPaths.Fixtures fails with a clear message when tests/fixtures is missing: never a silent skip.
        var requests = new List<Request>();
        foreach (var path in Directory.GetFiles(RepoPaths.Fixtures, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(path).Where(line => line.Length > 0))
            {
                using var record = JsonDocument.Parse(line);
                var root = record.RootElement;
                if (root.GetProperty("path").GetString() is not { } requestPath || !requestPath.EndsWith("/graphql", StringComparison.Ordinal))
                {
                    continue;
                }

                var body = root.GetProperty("body");
                requests.Add(new Request(
                    Path.GetFileName(path),
                    root.GetProperty("seq").GetInt32(),
                    root.GetProperty("operation").GetString(),
                    body.GetProperty("query").GetString()!,
                    body.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null,
                    body.TryGetProperty("variables", out var variables) ? variables.GetRawText() : null));
            }
        }

        return requests;
    }
}
