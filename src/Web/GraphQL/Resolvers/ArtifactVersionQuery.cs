using System.Globalization;
using System.Text.Json;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// The <c>filters</c> and <c>order</c> of <c>ArtifactCollection.artifacts</c>, which <c>Api().artifacts()</c> and
/// <c>artifact_versions()</c> send (by default <c>{"state": "COMMITTED"}</c>). Filters are MongoDB-style: top-level
/// keys and <c>$and</c> are ANDed; each of <c>state</c>, <c>digest</c>, <c>versionIndex</c> and <c>alias</c> takes a
/// bare value or <c>$eq</c>, <c>$ne</c>, <c>$in</c>, <c>$nin</c>. Order is <c>[+|-]createdAt</c> or
/// <c>[+|-]versionIndex</c>; the default is the newest version first. Anything else is a 400 naming it.
/// </summary>
internal sealed class ArtifactVersionQuery
{
    private readonly List<Func<ArtifactVersion, bool>> conditions = [];
    private readonly Func<ArtifactVersion, long> sortKey;
    private readonly bool descending;

    private ArtifactVersionQuery(Func<ArtifactVersion, long> sortKey, bool descending)
    {
        this.sortKey = sortKey;
        this.descending = descending;
    }

    public static ArtifactVersionQuery Parse(string? filters, string? order)
    {
        var (key, descending) = ParseOrder(order);
        var query = new ArtifactVersionQuery(key, descending);
        if (string.IsNullOrWhiteSpace(filters))
        {
            return query;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(filters);
        }
        catch (JsonException ex)
        {
            throw new WandbRequestError($"Artifact filters are not valid JSON: {ex.Message}", 400);
        }

        using (document)
        {
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw new WandbRequestError("Artifact filters must be a JSON object.", 400);
            }

            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                query.AddDocument(document.RootElement);
            }
        }

        return query;
    }

    /// <summary>The matching versions in the requested order, each with a cursor that sorts the same way.</summary>
    public IReadOnlyList<ArtifactVersion> Apply(IEnumerable<ArtifactVersion> versions)
    {
        var matching = versions.Where(version => conditions.All(condition => condition(version)));
        return (descending ? matching.OrderByDescending(sortKey).ThenByDescending(v => v.Id) : matching.OrderBy(sortKey).ThenBy(v => v.Id)).ToList();
    }

    public string CursorOf(ArtifactVersion version)
    {
        var (key, id) = descending ? (long.MaxValue - sortKey(version), long.MaxValue - version.Id) : (sortKey(version), version.Id);
        return string.Create(CultureInfo.InvariantCulture, $"{key:D19}:{id:D19}");
    }

    private static (Func<ArtifactVersion, long> Key, bool Descending) ParseOrder(string? order)
    {
        if (string.IsNullOrWhiteSpace(order))
        {
            return (v => v.VersionIndex ?? -1, true);
        }

        var descending = order[0] == '-';
        var field = order.TrimStart('-', '+');
        Func<ArtifactVersion, long> key = field switch
        {
            "createdAt" or "created_at" => v => v.CreatedAt.UtcTicks,
            "versionIndex" or "version_index" => v => v.VersionIndex ?? -1,
            _ => throw new WandbRequestError($"Artifacts cannot be ordered by '{field}': use createdAt or versionIndex.", 400),
        };
        return (key, descending);
    }

    private void AddDocument(JsonElement document)
    {
        foreach (var property in document.EnumerateObject())
        {
            if (property.Name == "$and" && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in property.Value.EnumerateArray().Where(part => part.ValueKind == JsonValueKind.Object))
                {
                    AddDocument(part);
                }

                continue;
            }

            Func<ArtifactVersion, IEnumerable<string?>> values = property.Name switch
            {
                "state" => v => [v.State],
                "digest" => v => [v.Digest],
                "versionIndex" => v => [v.VersionIndex?.ToString(CultureInfo.InvariantCulture)],
                "alias" => v => v.VersionAlias is { } versionAlias ? [versionAlias, .. v.Aliases] : v.Aliases,
                _ => throw new WandbRequestError($"Artifacts cannot be filtered by '{property.Name}': use state, digest, versionIndex or alias.", 400),
            };
            conditions.Add(Condition(property.Name, property.Value, values));
        }
    }

    private static Func<ArtifactVersion, bool> Condition(string field, JsonElement value, Func<ArtifactVersion, IEnumerable<string?>> valuesOf)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            var wanted = Scalar(field, value);
            return version => valuesOf(version).Contains(wanted);
        }

        var parts = new List<Func<ArtifactVersion, bool>>();
        foreach (var op in value.EnumerateObject())
        {
            switch (op.Name)
            {
                case "$eq":
                    var equal = Scalar(field, op.Value);
                    parts.Add(version => valuesOf(version).Contains(equal));
                    break;
                case "$ne":
                    var notEqual = Scalar(field, op.Value);
                    parts.Add(version => !valuesOf(version).Contains(notEqual));
                    break;
                case "$in" or "$nin" when op.Value.ValueKind == JsonValueKind.Array:
                    var set = op.Value.EnumerateArray().Select(item => Scalar(field, item)).ToHashSet();
                    var inside = op.Name == "$in";
                    parts.Add(version => valuesOf(version).Any(set.Contains) == inside);
                    break;
                default:
                    throw new WandbRequestError($"Artifact filter operator '{op.Name}' on '{field}' is not supported: use $eq, $ne, $in or $nin.", 400);
            }
        }

        return version => parts.All(part => part(version));
    }

    private static string? Scalar(string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Null => null,
        _ => throw new WandbRequestError($"Artifact filter on '{field}' needs a string or a number.", 400),
    };
}
