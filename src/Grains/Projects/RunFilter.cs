using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Wandb.Contracts.Limits;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// A compiled run-table filter: the Mongo-style document the clients send (docs/protocol/runs.md#runs-and-run) — implicit AND of
/// top-level keys, <c>$and $or $nor</c>, and per field <c>$eq $ne $gt $gte $lt $lte $in $nin $regex $exists</c>
/// (a bare value means <c>$eq</c>). Equality treats null and missing alike; ordering compares only values of one
/// type (numbers, strings, booleans; times as instants); <c>tags</c> match when any tag does. Anything else is an
/// <see cref="ArgumentException"/> naming it: better an error than silently listing the wrong runs. A filter past
/// <see cref="RunFilterLimits"/>, or a pattern that runs too long, is a <see cref="CapExceededException"/> (400).
/// Lists are hash sets and patterns run without backtracking, so a query costs at most runs × conditions.
/// </summary>
internal abstract class RunFilter
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static readonly RunFilter All = new Constant(true);

    public abstract bool Matches(RunTableView table, int slot);

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
            return Document(document.RootElement, new Budget());
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Run filters are not valid JSON: {e.Message}", nameof(filters));
        }
    }

    private static RunFilter Document(JsonElement element, Budget budget)
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
                "$and" => new Group(Documents(property, budget), GroupKind.And),
                "$or" => new Group(Documents(property, budget), GroupKind.Or),
                "$nor" => new Group(Documents(property, budget), GroupKind.Nor),
                _ when property.Name.StartsWith('$') => throw new ArgumentException($"Unknown filter operator '{property.Name}'."),
                _ => Field(RunField.Parse(property.Name, "filter"), property.Value, budget),
            });
        }

        return parts.Count switch
        {
            0 => All,
            1 => parts[0],
            _ => new Group(parts, GroupKind.And),
        };
    }

    private static List<RunFilter> Documents(JsonProperty property, Budget budget)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"'{property.Name}' takes a list of filters.");
        }

        budget.Condition();
        budget.Enter();
        var documents = property.Value.EnumerateArray().Select(element => Document(element, budget)).ToList();
        budget.Leave();
        return documents;
    }

    private static RunFilter Field(RunField target, JsonElement value, Budget budget)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.EnumerateObject().Any(p => p.Name.StartsWith('$')))
        {
            budget.Condition();
            return new Comparison(target, "$eq", Operand(target, value), null);
        }

        var options = value.TryGetProperty("$options", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        var parts = new List<RunFilter>();
        foreach (var op in value.EnumerateObject())
        {
            if (op.Name != "$options")
            {
                budget.Condition();
            }

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

                    budget.ListValues(op.Value.GetArrayLength());
                    parts.Add(new Membership(target, op.Value.EnumerateArray().Select(v => Operand(target, v)), op.Name == "$in"));
                    break;
                case "$exists":
                    parts.Add(new Exists(target, op.Value.ValueKind != JsonValueKind.False));
                    break;
                case "$regex":
                    var pattern = op.Value.ValueKind == JsonValueKind.String ? op.Value.GetString()! : throw new ArgumentException("'$regex' takes a string.");
                    budget.Pattern();
                    if (pattern.Length > RunFilterLimits.MaxPatternLength)
                    {
                        throw new CapExceededException($"A '$regex' pattern may be at most {RunFilterLimits.MaxPatternLength} characters long.");
                    }

                    // Without backtracking a match is linear in the text, so no pattern can stall the project.
                    var flags = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking
                                | (options?.Contains('i') == true ? RegexOptions.IgnoreCase : RegexOptions.None);
                    try
                    {
                        parts.Add(new Comparison(target, "$regex", FieldValue.Missing, new Regex(pattern, flags, RegexTimeout)));
                    }
                    catch (ArgumentException e)
                    {
                        throw new ArgumentException($"'$regex' pattern '{Shorten(pattern)}' is not valid: {e.Message}");
                    }
                    catch (NotSupportedException e)
                    {
                        throw new ArgumentException($"'$regex' pattern '{Shorten(pattern)}' uses a construct this server does not run (backreferences, lookarounds, atomic groups): {e.Message}");
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

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>Counts what a filter asks for while it is parsed, and refuses it past <see cref="RunFilterLimits"/>.</summary>
    private sealed class Budget
    {
        private int _conditions;
        private int _values;
        private int _nesting;
        private int _patterns;

        public void Pattern()
        {
            if (++_patterns > RunFilterLimits.MaxPatterns)
            {
                throw new CapExceededException($"A run filter may hold at most {RunFilterLimits.MaxPatterns} '$regex' conditions.");
            }
        }

        public void Condition()
        {
            if (++_conditions > RunFilterLimits.MaxConditions)
            {
                throw new CapExceededException($"A run filter may hold at most {RunFilterLimits.MaxConditions} conditions.");
            }
        }

        public void ListValues(int count)
        {
            _values += count;
            if (_values > RunFilterLimits.MaxListValues)
            {
                throw new CapExceededException(
                    $"A run filter's $in/$nin lists may hold at most {RunFilterLimits.MaxListValues} values together; this one has {_values} or more.");
            }
        }

        public void Enter()
        {
            if (++_nesting > RunFilterLimits.MaxNesting)
            {
                throw new CapExceededException($"A run filter may nest $and/$or/$nor at most {RunFilterLimits.MaxNesting} levels deep.");
            }
        }

        public void Leave() => _nesting--;
    }

    /// <summary>The values a field holds for a run: the tags, or the single value.</summary>
    private static IEnumerable<FieldValue> Values(RunTableView table, RunField field, int slot) =>
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
        public override bool Matches(RunTableView table, int slot) => value;
    }

    private sealed class Group(List<RunFilter> parts, GroupKind kind) : RunFilter
    {
        public override bool UsesUsernames => parts.Any(p => p.UsesUsernames);

        public override bool Matches(RunTableView table, int slot)
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

        public override bool Matches(RunTableView table, int slot)
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
            _ => value.Kind == FieldKind.String && IsMatch(value.Text!),
        };

        private bool IsMatch(string text)
        {
            try
            {
                return regex!.IsMatch(text);
            }
            catch (RegexMatchTimeoutException e)
            {
                // A TimeoutException, which would answer 503 and make the clients retry the same query forever.
                throw new CapExceededException($"The '$regex' pattern took longer than {RegexTimeout.TotalMilliseconds} ms on one value; simplify it.", e);
            }
        }
    }

    private sealed class Membership(RunField target, IEnumerable<FieldValue> operands, bool inside) : RunFilter
    {
        private readonly HashSet<FieldValue> _operands = new(operands.Where(o => !double.IsNaN(o.Number)), FilterEquality.Instance);

        public override bool UsesUsernames => target.Kind == RunFieldKind.Username;

        public override bool Matches(RunTableView table, int slot)
        {
            var any = false;
            foreach (var value in Values(table, target, slot))
            {
                if (_operands.Contains(value))
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

        public override bool Matches(RunTableView table, int slot)
        {
            var exists = target.Kind == RunFieldKind.Tags
                ? table.Row(slot).Tags.Count > 0
                : table.Get(target, slot).Kind is not (FieldKind.Missing or FieldKind.Null);
            return exists == expected;
        }
    }
}
