using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Artifacts;

/// <summary>
/// <c>artifactCollections(filters, order)</c> (wandb v0.28.2 <c>Api.artifact_collections(order=…)</c>,
/// <c>ArtifactCollections(filters=…)</c>): W&amp;B's MongoDB-style filter on <c>name</c>, <c>description</c>,
/// <c>createdAt</c> and <c>tag</c> (a value, or <c>$eq $ne $in $nin $regex $gt $gte $lt $lte</c>; <c>$and</c>/<c>$or</c>
/// lists; a tag condition holds when one of the collection's tags meets it, <c>$ne</c>/<c>$nin</c> when none does), and an
/// order of <c>name</c> or <c>createdAt</c>, <c>+</c> ascending (the default) or <c>-</c> descending. Anything else is
/// refused with a message naming it, never ignored.
/// </summary>
internal static class CollectionQuery
{
    /// <summary>The longest filter text and regular expression accepted.</summary>
    public const int MaxFilterLength = 4096;

    private const int MaxRegexLength = 256;

    /// <summary>Whether <paramref name="filters"/> may name the <c>tag</c> key, so the caller loads the tags first.</summary>
    public static bool MentionsTags(string? filters) => filters?.Contains("\"tag\"", StringComparison.Ordinal) == true;

    public static IReadOnlyList<ArtifactCollectionInfo> Apply(
        IReadOnlyList<ArtifactCollectionInfo> collections, string? filters, string? order, Func<long, IReadOnlyList<string>>? tagsOf = null)
    {
        var predicate = Compile(filters, tagsOf ?? (static _ => []));
        var selected = collections.Where(predicate);
        return Sort(selected, order).ToList();
    }

    private static Func<ArtifactCollectionInfo, bool> Compile(string? filters, Func<long, IReadOnlyList<string>> tagsOf)
    {
        if (string.IsNullOrWhiteSpace(filters) || filters.Trim() is "{}" or "null")
        {
            return static _ => true;
        }

        if (filters.Length > MaxFilterLength)
        {
            throw new ArgumentException($"Collection filters hold at most {MaxFilterLength} characters.");
        }

        try
        {
            using var document = JsonDocument.Parse(filters);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Object(document.RootElement, tagsOf)
                : throw new ArgumentException("Collection filters must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Collection filters are not valid JSON: {e.Message}");
        }
    }

    private static Func<ArtifactCollectionInfo, bool> Object(JsonElement filter, Func<long, IReadOnlyList<string>> tagsOf)
    {
        var parts = new List<Func<ArtifactCollectionInfo, bool>>();
        foreach (var member in filter.EnumerateObject())
        {
            parts.Add(member.Name switch
            {
                "$and" => List(member.Value, tagsOf).Aggregate(static (ArtifactCollectionInfo _) => true, (all, next) => c => all(c) && next(c)),
                "$or" => List(member.Value, tagsOf).Aggregate(static (ArtifactCollectionInfo _) => false, (any, next) => c => any(c) || next(c)),
                "name" => Field(member.Value, static c => c.Name),
                "description" => Field(member.Value, static c => c.Description),
                "createdAt" => Time(member.Value),
                "tag" => Tag(member.Value, tagsOf),
                _ => throw new ArgumentException(
                    $"Filtering artifact collections by \"{member.Name}\" is not possible: use \"name\", \"description\", \"createdAt\" or \"tag\"."),
            });
        }

        return c => parts.All(p => p(c));
    }

    private static IEnumerable<Func<ArtifactCollectionInfo, bool>> List(JsonElement value, Func<long, IReadOnlyList<string>> tagsOf) =>
        value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Object
                ? Object(item, tagsOf)
                : throw new ArgumentException("$and and $or take a list of filter objects.")).ToList()
            : throw new ArgumentException("$and and $or take a list of filter objects.");

    private static Func<ArtifactCollectionInfo, bool> Field(JsonElement condition, Func<ArtifactCollectionInfo, string?> field)
    {
        Func<ArtifactCollectionInfo, bool> Of(Func<string?, bool> test) => c => test(field(c));
        if (condition.ValueKind != JsonValueKind.Object)
        {
            return Of(Is(condition));
        }

        var parts = new List<Func<ArtifactCollectionInfo, bool>>();
        foreach (var op in condition.EnumerateObject())
        {
            parts.Add(op.Name switch
            {
                "$eq" => Of(Is(op.Value)),
                "$ne" => Not(Of(Is(op.Value))),
                "$in" => Of(In(op.Value)),
                "$nin" => Not(Of(In(op.Value))),
                "$regex" => Of(Matches(op.Value)),
                _ => throw new ArgumentException($"The operator \"{op.Name}\" is not one of \"$eq\", \"$ne\", \"$in\", \"$nin\", \"$regex\" for text."),
            });
        }

        return c => parts.All(p => p(c));
    }

    /// <summary>
    /// A condition on a collection's tags, as MongoDB treats an array field: a value, <c>$eq</c>, <c>$in</c> and
    /// <c>$regex</c> hold when one of the tags meets them; <c>$ne</c> and <c>$nin</c> when none meets the positive form.
    /// </summary>
    private static Func<ArtifactCollectionInfo, bool> Tag(JsonElement condition, Func<long, IReadOnlyList<string>> tagsOf)
    {
        Func<ArtifactCollectionInfo, bool> AnyTag(Func<string?, bool> test) => c => tagsOf(c.Id).Any(tag => test(tag));
        if (condition.ValueKind != JsonValueKind.Object)
        {
            return AnyTag(Is(condition));
        }

        var parts = new List<Func<ArtifactCollectionInfo, bool>>();
        foreach (var op in condition.EnumerateObject())
        {
            parts.Add(op.Name switch
            {
                "$eq" => AnyTag(Is(op.Value)),
                "$ne" => Not(AnyTag(Is(op.Value))),
                "$in" => AnyTag(In(op.Value)),
                "$nin" => Not(AnyTag(In(op.Value))),
                "$regex" => AnyTag(Matches(op.Value)),
                _ => throw new ArgumentException($"The operator \"{op.Name}\" is not one of \"$eq\", \"$ne\", \"$in\", \"$nin\", \"$regex\" for tag."),
            });
        }

        return c => parts.All(p => p(c));
    }

    private static Func<string?, bool> Is(JsonElement value)
    {
        var expected = Text(value);
        return text => string.Equals(text, expected, StringComparison.Ordinal);
    }

    private static Func<string?, bool> In(JsonElement value)
    {
        var set = value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(Text).ToHashSet(StringComparer.Ordinal)
            : throw new ArgumentException("$in and $nin take a list.");
        return text => text is not null && set.Contains(text);
    }

    private static Func<string?, bool> Matches(JsonElement value)
    {
        var pattern = Text(value) ?? "";
        if (pattern.Length > MaxRegexLength)
        {
            throw new ArgumentException($"A $regex holds at most {MaxRegexLength} characters.");
        }

        Regex regex;
        try
        {
            // Linear time whatever the pattern: a filter is user input and must not be able to stall a silo.
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The $regex \"{pattern}\" is not a valid regular expression: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"The $regex \"{pattern}\" uses a construct this server does not evaluate: {e.Message}");
        }

        return text => text is not null && regex.IsMatch(text);
    }

    private static Func<ArtifactCollectionInfo, bool> Time(JsonElement condition)
    {
        if (condition.ValueKind != JsonValueKind.Object)
        {
            var at = Instant(condition);
            return c => c.CreatedAt == at;
        }

        var parts = new List<Func<ArtifactCollectionInfo, bool>>();
        foreach (var op in condition.EnumerateObject())
        {
            var at = Instant(op.Value);
            parts.Add(op.Name switch
            {
                "$eq" => c => c.CreatedAt == at,
                "$ne" => c => c.CreatedAt != at,
                "$gt" => c => c.CreatedAt > at,
                "$gte" => c => c.CreatedAt >= at,
                "$lt" => c => c.CreatedAt < at,
                "$lte" => c => c.CreatedAt <= at,
                _ => throw new ArgumentException($"The operator \"{op.Name}\" is not one of \"$eq\", \"$ne\", \"$gt\", \"$gte\", \"$lt\", \"$lte\" for createdAt."),
            });
        }

        return c => parts.All(p => p(c));
    }

    private static Func<ArtifactCollectionInfo, bool> Not(Func<ArtifactCollectionInfo, bool> predicate) => c => !predicate(c);

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new ArgumentException("A filter compares with a text, a number or null."),
    };

    private static DateTimeOffset Instant(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new ArgumentException("createdAt compares with an ISO 8601 time such as \"2026-01-31T12:00:00Z\".");

    private static IEnumerable<ArtifactCollectionInfo> Sort(IEnumerable<ArtifactCollectionInfo> collections, string? order)
    {
        if (string.IsNullOrWhiteSpace(order))
        {
            return collections.OrderBy(c => c.Name, StringComparer.Ordinal);
        }

        var descending = order.StartsWith('-');
        var key = order.TrimStart('+', '-');
        return key switch
        {
            "name" => descending
                ? collections.OrderByDescending(c => c.Name, StringComparer.Ordinal)
                : collections.OrderBy(c => c.Name, StringComparer.Ordinal),
            "createdAt" => descending
                ? collections.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                : collections.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
            _ => throw new ArgumentException($"Artifact collections cannot be ordered by \"{key}\": use \"name\" or \"createdAt\", with + or -."),
        };
    }
}
