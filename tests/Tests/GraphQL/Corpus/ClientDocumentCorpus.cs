using System.Text.Json;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>The documents of the client releases in tests/fixtures/graphql, one JSON line per document.</summary>
public static class ClientDocumentCorpus
{
    /// <summary>The client releases the corpus covers, oldest first.</summary>
    public static readonly IReadOnlyList<string> Versions = ["0.22.3", "0.25.1", "0.28.2"];

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "fixtures", "graphql");

    /// <summary>Every document of one release.</summary>
    public static IReadOnlyList<ClientDocument> Of(string version)
    {
        var path = Path.Combine(Folder, $"wandb-{version}.jsonl");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The GraphQL corpus of wandb {version} is missing: expected {path} (scripts/extract-graphql-corpus.py writes it).");
        }

        return File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<ClientDocument>(line) ?? throw new InvalidDataException($"{path}: empty record"))
            .ToList();
    }

    /// <summary>Every document of every release.</summary>
    public static IReadOnlyList<ClientDocument> All() => Versions.SelectMany(Of).ToList();
}
