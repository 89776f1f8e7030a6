using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Artifacts;
using Xunit.Abstractions;

namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>
/// Every GraphQL document the 0.22.3, 0.25.1 and 0.28.2 clients can send (tests/fixtures/graphql, extracted from the
/// client source by scripts/extract-graphql-corpus.py) validates against the schema and is answered by its resolvers
/// with the variables a client would send, except the excluded areas (<see cref="ExcludedAreas"/>), which may be refused
/// with an error (never a server error), and the documents still pending (<see cref="PendingDocuments"/>). Each test prints the per-release table: answers / refused / not supported / fails validation.
/// </summary>
public sealed class ClientDocumentCorpusTests(EmbeddedArtifactAppFixture fixture, ITestOutputHelper output)
    : IClassFixture<EmbeddedArtifactAppFixture>
{
    [Fact]
    public void The_corpus_holds_the_go_core_and_python_documents_of_each_release()
    {
        foreach (var version in ClientDocumentCorpus.Versions)
        {
            var documents = ClientDocumentCorpus.Of(version);
            Assert.True(documents.Count(d => d.Client == "go-core") >= 20, $"{version}: go-core documents missing");
            Assert.True(documents.Count(d => d.Client == "python") >= 120, $"{version}: python documents missing");
            Assert.Contains(documents, d => d.Operation == "UpsertBucket" && d.Client == "go-core");
        }
    }

    [Theory]
    [InlineData("0.22.3")]
    [InlineData("0.25.1")]
    [InlineData("0.28.2")]
    public async Task Every_document_of_the_release_is_answered_or_refused_as_an_excluded_area(string version)
    {
        var world = await SeedAsync(version);
        var client = fixture.OwnerClient(world.Project).Client;
        var results = new List<(ClientDocument Document, CorpusOutcome Outcome, string? Area)>();

        // Reads first, then writes, then deletions, so a deletion does not take away what later documents read.
        foreach (var document in ClientDocumentCorpus.Of(version).OrderBy(Order))
        {
            var variables = CorpusVariables.For(document, world, GraphQLTestSchema.Schema);
            var (status, body) = await client.GraphQLAsync(document.Query, variables);
            results.Add((document, CorpusOutcome.From(status, body), ExcludedAreas.Of(document)));
        }

        output.WriteLine(Table(version, results));
        var failures = results
            .Where(r => r.Area is null
                ? r.Outcome.Kind is not (CorpusOutcomeKind.Answers or CorpusOutcomeKind.ClearError)
                : r.Outcome.Kind is CorpusOutcomeKind.ServerError)
            .Where(r => r.Area is not null || PendingDocuments.Of(r.Document) is null)
            .Select(r => $"{r.Document.Label}: {r.Outcome.Kind} {r.Outcome.Message} (area: {r.Area ?? "must answer"})")
            .Concat(results
                .Where(r => r.Area is null && PendingDocuments.Of(r.Document) is not null)
                .GroupBy(r => r.Document.Operation)
                .Where(operation => operation.All(r => r.Outcome.Kind is CorpusOutcomeKind.Answers or CorpusOutcomeKind.ClearError))
                .Select(operation => $"every {operation.Key} document of wandb {version} is answered now: remove it from PendingDocuments"))
            .ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} documents of wandb {version} fail:\n{string.Join("\n", failures)}");
    }

    private static int Order(ClientDocument document) =>
        document.Kind != "mutation" ? 0
        : document.Operation.Contains("delete", StringComparison.OrdinalIgnoreCase)
          || document.Operation.Contains("unlink", StringComparison.OrdinalIgnoreCase)
          || document.Operation.Contains("move", StringComparison.OrdinalIgnoreCase) ? 2
        : 1;

    private static string Table(string version, IReadOnlyList<(ClientDocument Document, CorpusOutcome Outcome, string? Area)> results)
    {
        int Count(CorpusOutcomeKind kind) => results.Count(r => r.Outcome.Kind == kind);
        var text = new StringBuilder()
            .AppendLine("| client | documents | answer | clear error | \"not supported\" | fail validation | server error | excluded area |")
            .AppendLine("|---|---|---|---|---|---|---|---|")
            .AppendLine($"| {version} | {results.Count} | {Count(CorpusOutcomeKind.Answers)} | {Count(CorpusOutcomeKind.ClearError)} | " +
                        $"{Count(CorpusOutcomeKind.NotSupported)} | {Count(CorpusOutcomeKind.FailsValidation)} | {Count(CorpusOutcomeKind.ServerError)} | " +
                        $"{results.Count(r => r.Area is not null)} |")
            .AppendLine($"pending (not answered yet, see PendingDocuments): {results.Count(r => r.Area is null && PendingDocuments.Of(r.Document) is not null)}");
        foreach (var (document, outcome, area) in results.Where(r => r.Outcome.Kind != CorpusOutcomeKind.Answers))
        {
            text.AppendLine($"{outcome.Kind,-16} {document.Id,-48} {area ?? PendingDocuments.Of(document) ?? "",-38} {outcome.Message}");
        }

        return text.ToString();
    }

    /// <summary>A project of its own per release with a run and a committed artifact holding one file.</summary>
    private async Task<CorpusWorld> SeedAsync(string version)
    {
        var project = "corpus-" + version.Replace('.', '-');
        var artifacts = fixture.OwnerClient(project);
        var bucket = await artifacts.Client.QueryAsync(
            "mutation($entity: String!, $project: String!) { upsertBucket(input: {entityName: $entity, modelName: $project, name: \"corpus-run\"}) { bucket { id name } } }",
            new { entity = ArtifactAppFixture.Owner, project });
        var file = ArtifactFileSource.FromText("data.txt", "corpus " + version);
        var logged = await artifacts.LogAsync("corpus-data", [file], run: "corpus-run");
        var version0 = await artifacts.ByIdAsync(logged.Id) ?? throw new InvalidOperationException("the seeded artifact is missing");
        return new CorpusWorld(
            ArtifactAppFixture.Owner,
            project,
            "corpus-run",
            bucket["upsertBucket"]!["bucket"]!["id"]!.GetValue<string>(),
            logged.Id,
            version0["digest"]!.GetValue<string>(),
            "corpus-data",
            "dataset",
            file.Name,
            version0["artifactSequence"]!["id"]!.GetValue<string>());
    }
}
