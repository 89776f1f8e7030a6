using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// A compiled run-table filter: the Mongo-style document the clients send (docs/protocol/runs.md#runs-and-run) — implicit AND of
/// top-level keys, <c>$and $or $nor</c>, and per field <c>$eq $ne $gt $gte $lt $lte $in $nin $regex $exists</c>
/// (a bare value means <c>$eq</c>). Equality treats null and missing alike; ordering compares only values of one
/// type (numbers, strings, booleans; times as instants); <c>tags</c> match when any tag does. Anything else is an
/// <see cref="ArgumentException"/> naming it: better an error than silently listing the wrong runs.
/// </summary>
internal abstract class RunFilter
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static readonly RunFilter All = new Constant(true);

    public abstract bool Matches(RunTable table, int slot);

    /// <summary>True when any field compares usernames (the grain loads them first).</summary>
    public virtual bool UsesUsernames => false;

    public static RunFilter Parse(string? filters)
    {
        if (string.IsNullOrWhiteSpace(filters))
        {
            return All;
        }

        try
        {
            using var document = JsonDocument.Parse(filters);
            return Document(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Run filters are not valid JSON: {e.Message}", nameof(filters));
        }
    }

    private static RunFilter Document(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A run filter must be a JSON object, not {element.ValueKind}.");
        }

        var parts = new List<RunFilter>();
        foreach (var property in element.EnumerateObject())
        {
            parts.Add(property.Name switch
            {
                "$and" => new Group(Documents(property), GroupKind.And),
                "$or" => new Group(Documents(property), GroupKind.Or),
                "$nor" => new Group(Documents(property), GroupKind.Nor),
                _ when property.Name.StartsWith('$') => throw new ArgumentException($"Unknown filter operator '{property.Name}'."),
                _ => Field(RunField.Parse(property.Name, "filter"), property.Value),
            });
        }

        return parts.Count switch
        {
            0 => All,
            1 => parts[0],
            _ => new Group(parts, GroupKind.And),
        };
    }

    private static List<RunFilter> Documents(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Array
            ? property.Value.EnumerateArray().Select(Document).ToList()
            : throw new ArgumentException($"'{property.Name}' takes a list of filters.");

    private static RunFilter Field(RunField target, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.EnumerateObject().Any(p => p.Name.StartsWith('$')))
        {
            return new Comparison(target, "$eq", Operand(target, value), null);
        }

        var options = value.TryGetProperty("$options", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        var parts = new List<RunFilter>();
        foreach (var op in value.EnumerateObject())
        {
            switch (op.Name)
            {
                case "$eq" or "$ne" or "$gt" or "$gte" or "$lt" or "$lte":
                    parts.Add(new Comparison(target, op.Name, Operand(target, op.Value), null));
                    break;
                case "$in" or "$nin":
                    if (op.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new ArgumentException($"'{op.Name}' takes a list of values.");
                    }

                    parts.Add(new Membership(target, op.Value.EnumerateArray().Select(v => Operand(target, v)).ToArray(), op.Name == "$in"));
                    break;
                case "$exists":
                    parts.Add(new Exists(target, op.Value.ValueKind != JsonValueKind.False));
                    break;
                case "$regex":
                    var pattern = op.Value.ValueKind == JsonValueKind.String ? op.Value.GetString()! : throw new ArgumentException("'$regex' takes a string.");
                    var flags = RegexOptions.CultureInvariant | (options?.Contains('i') == true ? RegexOptions.IgnoreCase : RegexOptions.None);
                    try
                    {
                        parts.Add(new Comparison(target, "$regex", FieldValue.Missing, new Regex(pattern, flags, RegexTimeout)));
                    }
                    catch (ArgumentException e)
                    {
                        throw new ArgumentException($"'$regex' pattern '{pattern}' is not valid: {e.Message}");
                    }

                    break;
                case "$options":
                    break;
                default:
                    throw new ArgumentException($"Unknown filter operator '{op.Name}'.");
            }
        }

        return parts.Count == 1 ? parts[0] : new Group(parts, GroupKind.And);
    }

    private static FieldValue Operand(RunField target, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => FieldValue.Of(value.GetDouble()),
        JsonValueKind.String when target.IsTime => DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? FieldValue.Of(at.ToUnixTimeMilliseconds())
            : throw new ArgumentException($"'{value.GetString()}' is not a time for '{target.Kind}'."),
        JsonValueKind.String => FieldValue.Of(value.GetString()),
        JsonValueKind.True => FieldValue.Of(true),
        JsonValueKind.False => FieldValue.Of(false),
        JsonValueKind.Null => FieldValue.Null,
        _ => new FieldValue(FieldKind.Complex, 0, value.GetRawText()),
    };

    /// <summary>The values a field holds for a run: the tags, or the single value.</summary>
    private static IEnumerable<FieldValue> Values(RunTable table, RunField field, int slot) =>
        field.Kind == RunFieldKind.Tags
            ? table.Row(slot).Tags.Select(FieldValue.Of)
            : [table.Get(field, slot)];

    private enum GroupKind
    {
        And,
        Or,
        Nor,
    }

    private sealed class Constant(bool value) : RunFilter
    {
        public override bool Matches(RunTable table, int slot) => value;
    }

    private sealed class Group(List<RunFilter> parts, GroupKind kind) : RunFilter
    {
        public override bool UsesUsernames => parts.Any(p => p.UsesUsernames);

        public override bool Matches(RunTable table, int slot)
        {
            // Plain loops: this runs once per run per query, a closure each time would be 100k allocations.
            foreach (var part in parts)
            {
                var matched = part.Matches(table, slot);
                if (kind == GroupKind.And && !matched)
                {
                    return false;
                }

                if (kind != GroupKind.And && matched)
                {
                    return kind == GroupKind.Or;
                }
            }

            return kind != GroupKind.Or;
        }
    }

    private sealed class Comparison(RunField target, string op, FieldValue operand, Regex? regex) : RunFilter
    {
        public override bool UsesUsernames => target.Kind == RunFieldKind.Username;

        public override bool Matches(RunTable table, int slot)
        {
            if (target.Kind == RunFieldKind.Tags)
            {
                var tags = table.Row(slot).Tags;
                return op == "$ne"
                    ? !tags.Any(t => FieldValue.Of(t).EqualsValue(operand))
                    : tags.Any(t => Test(FieldValue.Of(t)));
            }

            var value = table.Get(target, slot);
            return op == "$ne" ? !value.EqualsValue(operand) : Test(value);
        }

        private bool Test(FieldValue value) => op switch
        {
            "$eq" => value.EqualsValue(operand),
            "$gt" => value.CompareValue(operand) > 0,
            "$gte" => value.CompareValue(operand) >= 0,
            "$lt" => value.CompareValue(operand) < 0,
            "$lte" => value.CompareValue(operand) <= 0,
            _ => value.Kind == FieldKind.String && regex!.IsMatch(value.Text!),
        };
    }

    private sealed class Membership(RunField target, FieldValue[] operands, bool inside) : RunFilter
    {
        public override bool UsesUsernames => target.Kind == RunFieldKind.Username;

        public override bool Matches(RunTable table, int slot)
        {
            var any = false;
            foreach (var value in Values(table, target, slot))
            {
                if (Array.Exists(operands, o => value.EqualsValue(o)))
                {
                    any = true;
                    break;
                }
            }

            return inside ? any : !any;
        }
    }

    private sealed class Exists(RunField target, bool expected) : RunFilter
    {
        public override bool UsesUsernames => target.Kind == RunFieldKind.Username;

        public override bool Matches(RunTable table, int slot)
        {
            var exists = target.Kind == RunFieldKind.Tags
                ? table.Row(slot).Tags.Count > 0
                : table.Get(target, slot).Kind is not (FieldKind.Missing or FieldKind.Null);
            return exists == expected;
        }
    }
}
