using System.Text.Json.Serialization;

namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>
/// One GraphQL document a wandb client release can send, as scripts/extract-graphql-corpus.py recorded it in
/// tests/fixtures/graphql/wandb-&lt;version&gt;.jsonl: who sends it, where in the client it is written, and the text.
/// </summary>
public sealed record ClientDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("client")] string Client,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("variant")] string Variant,
    [property: JsonPropertyName("rewrites")] IReadOnlyList<string> Rewrites,
    [property: JsonPropertyName("query")] string Query)
{
    /// <summary>The label tests and reports use: version, client, operation and variant.</summary>
    public string Label => $"{Version} {Id} ({Variant}, {Source})";

    public override string ToString() => Label;
}
