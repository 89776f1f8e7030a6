namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>
/// Documents outside the excluded areas that the server does not answer yet (issue #13 §3), by operation name, or by
/// "version operation" when only one release's document fails. The corpus test tolerates their failure and fails once
/// every document of an entry is answered, so this list only ever shrinks.
/// </summary>
internal static class PendingDocuments
{
    private static readonly IReadOnlyDictionary<string, string> ByOperation = new Dictionary<string, string>
    {
    };

    /// <summary>Why the document is not answered yet, or null when it must be.</summary>
    public static string? Of(ClientDocument document) =>
        ByOperation.GetValueOrDefault($"{document.Version} {document.Operation}") ?? ByOperation.GetValueOrDefault(document.Operation);
}
