using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// Parsed and validated documents by query text. The clients send a few dozen distinct texts over and over, and
/// validation costs several times the execution of a small query, so a hit skips both parsing and validation.
/// Size-capped: when full it starts over, which is cheap and keeps the working set.
/// </summary>
public sealed class DocumentCache(int capacity = DocumentCache.DefaultCapacity, int maxQueryLength = DocumentCache.DefaultMaxQueryLength)
{
    public const int DefaultCapacity = 512;

    /// <summary>Longer texts are not cached, so one odd client cannot fill memory.</summary>
    public const int DefaultMaxQueryLength = 64 * 1024;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public int Count => _documents.Count;

    public GraphQLDocument? Get(string query) => _documents.TryGetValue(query, out var document) ? document : null;

    /// <summary>Remembers a document that passed validation.</summary>
    public void Add(string query, GraphQLDocument document)
    {
        if (query.Length > maxQueryLength)
        {
            return;
        }

        if (_documents.Count >= capacity)
        {
            _documents.Clear();
        }

        _documents.TryAdd(query, document);
    }
}
