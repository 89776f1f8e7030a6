using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Projects;

namespace Orleans.Wandb.Tests.Projects;

/// <summary>
/// Run-table filters, orders and pages against a brute-force evaluator over random runs: the JSON is parsed
/// afresh per run and per condition, the way a reader of docs/protocol/runs.md#runs-and-run would evaluate it by hand.
/// </summary>
public sealed class RunTableQueryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] States = ["running", "finished", "crashed"];
    private static readonly string[] Optimizers = ["adam", "sgd", "adamw"];

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Filters_select_exactly_the_runs_a_brute_force_evaluator_selects(int seed)
    {
        var random = new Random(seed);
        var (table, rows) = RandomTable(random, 300);
        for (var round = 0; round < 60; round++)
        {
            var (json, predicate) = RandomFilter(random, depth: 0);
            var expected = rows.Where(predicate).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
            var page = table.Query(RunFilter.Parse(json), RunOrder.Parse("+name"), 1000, null);
            Assert.True(expected.Count == page.TotalCount, $"seed {seed} filter {json}: expected {expected.Count}, got {page.TotalCount}");
            Assert.Equal(expected, page.Rows.Select(r => r.Row.Name).ToList());
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Orders_on_summary_config_and_run_fields_match_a_sort_and_pages_cover_every_run_once(int seed)
    {
        var random = new Random(seed);
        var (table, rows) = RandomTable(random, 250);
        foreach (var order in new[] { "-summary_metrics.acc", "+summary_metrics.acc", "config.lr", "-config.optimizer", "+created_at", "-createdAt", "name", "-heartbeat_at" })
        {
            var parsed = RunOrder.Parse(order);
            var read = new List<string>();
            RunSortKey? cursor = null;
            while (true)
            {
                var page = table.Query(RunFilter.All, parsed, 1 + random.Next(40), cursor);
                read.AddRange(page.Rows.Select(r => r.Row.Name));
                if (!page.HasNextPage)
                {
                    break;
                }

                cursor = RunSortKey.FromCursor(page.Rows[^1].Cursor, parsed);
            }

            var descending = order.StartsWith('-');
            var key = order.TrimStart('-', '+');
            var sorted = rows.Order(Comparer<RunRow>.Create((a, b) =>
            {
                var c = CompareForSort(Sortable(a, key), Sortable(b, key));
                c = c != 0 ? c : a.Id.CompareTo(b.Id);
                return descending ? -c : c;
            })).Select(r => r.Name).ToList();
            Assert.Equal(sorted, read);
        }
    }

    [Fact]
    public void Paging_while_runs_arrive_returns_every_existing_run_exactly_once()
    {
        var random = new Random(5);
        var (table, rows) = RandomTable(random, 120);
        var order = RunOrder.Parse("-created_at");
        var seen = new List<string>();
        RunSortKey? cursor = null;
        var added = 0;
        while (true)
        {
            var page = table.Query(RunFilter.All, order, 7, cursor);
            seen.AddRange(page.Rows.Select(r => r.Row.Name));
            if (!page.HasNextPage)
            {
                break;
            }

            cursor = RunSortKey.FromCursor(page.Rows[^1].Cursor, order);

            // A new run (newest of all) arrives between pages: it belongs before the cursor, so it never shows up.
            table.Upsert(new RunRow { Id = 10_000 + added, Name = $"new{added++:D3}", CreatedAt = T0.AddDays(30 + added) });
        }

        Assert.Equal(rows.Select(r => r.Name).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{\"config.lr\": {\"$between\": [1, 2]}}", "$between")]
    [InlineData("{\"summary\": 1}", "summary")]
    [InlineData("{\"config.\": 1}", "config.")]
    [InlineData("{\"$where\": \"1\"}", "$where")]
    [InlineData("[1]", "JSON object")]
    [InlineData("{\"name\": {\"$regex\": \"(\"}}", "$regex")]
    public void An_unknown_operator_or_field_form_is_refused_naming_it(string filters, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => RunFilter.Parse(filters));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static (RunTable Table, List<RunRow> Rows) RandomTable(Random random, int count)
    {
        var table = new RunTable();
        var rows = new List<RunRow>();
        for (var i = 0; i < count; i++)
        {
            var config = new List<string>();
            if (random.Next(6) != 0)
            {
                config.Add($"\"lr\": {{\"desc\": null, \"value\": {Num(random.Next(1, 6) * 0.001)}}}");
            }

            if (random.Next(5) != 0)
            {
                config.Add($"\"optimizer\": {(random.Next(2) == 0 ? $"{{\"value\": \"{Optimizers[random.Next(3)]}\"}}" : $"\"{Optimizers[random.Next(3)]}\"")}");
            }

            if (random.Next(3) == 0)
            {
                config.Add($"\"model\": {{\"value\": {{\"layers\": {random.Next(1, 5)}, \"act\": \"relu\"}}}}");
            }

            var summary = new List<string>();
            if (random.Next(5) != 0)
            {
                summary.Add($"\"acc\": {(random.Next(30) == 0 ? "NaN" : Num(Math.Round(random.NextDouble(), 2)))}");
            }

            if (random.Next(3) == 0)
            {
                summary.Add($"\"eval\": {{\"loss\": {Num(random.Next(10) / 4.0)}}}");
            }

            var row = new RunRow
            {
                Id = i + 1,
                Name = $"run{i:D4}",
                DisplayName = random.Next(4) == 0 ? null : $"{Optimizers[random.Next(3)]}-{i}",
                State = States[random.Next(3)],
                CreatedAt = T0.AddHours(random.Next(0, 500)),
                HeartbeatAt = random.Next(5) == 0 ? null : T0.AddHours(500 + random.Next(0, 100)),
                Tags = Enumerable.Range(0, random.Next(3)).Select(_ => $"t{random.Next(4)}").Distinct().ToArray(),
                GroupName = random.Next(2) == 0 ? null : $"g{random.Next(3)}",
                Config = "{" + string.Join(", ", config) + "}",
                SummaryMetrics = "{" + string.Join(", ", summary) + "}",
            };
            rows.Add(row);
            table.Upsert(row);
        }

        return (table, rows);
    }

    private static (string Json, Func<RunRow, bool> Predicate) RandomFilter(Random random, int depth)
    {
        if (depth < 2 && random.Next(4) == 0)
        {
            var kind = new[] { "$and", "$or", "$nor" }[random.Next(3)];
            var parts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomFilter(random, depth + 1)).ToList();
            var json = $"{{\"{kind}\": [{string.Join(", ", parts.Select(p => p.Json))}]}}";
            return kind switch
            {
                "$and" => (json, r => parts.All(p => p.Predicate(r))),
                "$or" => (json, r => parts.Any(p => p.Predicate(r))),
                _ => (json, r => !parts.Any(p => p.Predicate(r))),
            };
        }

        var fields = new[] { "config.lr", "config.optimizer", "config.lr.value", "config.model.layers", "summary_metrics.acc", "summary_metrics.eval.loss", "state", "tags", "group", "displayName", "createdAt" };
        var field = fields[random.Next(fields.Length)];
        var operand = field switch
        {
            "config.lr" or "config.lr.value" => Num(random.Next(1, 6) * 0.001),
            "config.optimizer" => $"\"{Optimizers[random.Next(3)]}\"",
            "config.model.layers" => random.Next(1, 5).ToString(CultureInfo.InvariantCulture),
            "summary_metrics.acc" => Num(Math.Round(random.NextDouble(), 2)),
            "summary_metrics.eval.loss" => Num(random.Next(10) / 4.0),
            "state" => $"\"{States[random.Next(3)]}\"",
            "tags" => $"\"t{random.Next(4)}\"",
            "group" => random.Next(4) == 0 ? "null" : $"\"g{random.Next(3)}\"",
            "createdAt" => $"\"{T0.AddHours(random.Next(500)):yyyy-MM-ddTHH:mm:ss}\"",
            _ => $"\"{Optimizers[random.Next(3)]}-{random.Next(300)}\"",
        };
        var op = new[] { "", "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$regex" }[random.Next(11)];
        var value = JsonNode.Parse(operand);
        string text;
        Func<RunRow, bool> predicate;
        switch (op)
        {
            case "":
                text = $"{{\"{field}\": {operand}}}";
                predicate = r => Values(r, field).Any(v => Same(v, value, field));
                break;
            case "$in" or "$nin":
                var other = field == "tags" ? "\"t9\"" : operand;
                text = $"{{\"{field}\": {{\"{op}\": [{operand}, {other}]}}}}";
                predicate = op == "$in" ? r => Values(r, field).Any(v => Same(v, value, field)) : r => !Values(r, field).Any(v => Same(v, value, field));
                break;
            case "$exists":
                var exists = random.Next(2) == 0;
                text = $"{{\"{field}\": {{\"$exists\": {(exists ? "true" : "false")}}}}}";
                predicate = r => Values(r, field).Any(v => v is not null) == exists;
                break;
            case "$regex":
                var pattern = new[] { "^a", "m$", "d", "^t[12]" }[random.Next(4)];
                text = $"{{\"{field}\": {{\"$regex\": \"{pattern}\"}}}}";
                predicate = r => Values(r, field).Any(v => v is JsonValue s && s.TryGetValue<string>(out var str) && Regex.IsMatch(str, pattern));
                break;
            case "$ne":
                text = $"{{\"{field}\": {{\"$ne\": {operand}}}}}";
                predicate = r => !Values(r, field).Any(v => Same(v, value, field));
                break;
            default:
                text = $"{{\"{field}\": {{\"{op}\": {operand}}}}}";
                predicate = op == "$eq" ? r => Values(r, field).Any(v => Same(v, value, field)) : r => Values(r, field).Any(v => Order(v, value, field) is { } c && op switch
                {
                    "$eq" => c == 0,
                    "$gt" => c > 0,
                    "$gte" => c >= 0,
                    "$lt" => c < 0,
                    _ => c <= 0,
                });
                break;
        }

        return (text, predicate);
    }

    /// <summary>The values a field has for a run (several for tags; a null entry for missing or null).</summary>
    private static IEnumerable<JsonNode?> Values(RunRow row, string field)
    {
        switch (field)
        {
            case "tags":
                return row.Tags.Select(t => (JsonNode?)JsonValue.Create(t));
            case "state":
                return [JsonValue.Create(row.State)];
            case "group":
                return [row.GroupName is null ? null : JsonValue.Create(row.GroupName)];
            case "displayName":
                return [row.DisplayName is null ? null : JsonValue.Create(row.DisplayName)];
            case "createdAt":
                return [JsonValue.Create(row.CreatedAt.ToUnixTimeMilliseconds())];
        }

        var (json, path) = field.StartsWith("config.", StringComparison.Ordinal)
            ? (row.Config, field["config.".Length..].Split('.'))
            : (row.SummaryMetrics, field["summary_metrics.".Length..].Split('.'));
        // A NaN exists but compares with nothing: modelled as a string no operand equals.
        JsonNode? node = JsonNode.Parse(json.Replace("NaN", "\"__NaN__\"", StringComparison.Ordinal));
        for (var i = 0; i < path.Length; i++)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(path[i], out var next) ? next : null;

            // Config values may be wrapped: {"value": v} stands for v (the explicit ".value" reaches it too).
            if (i == 0 && field.StartsWith("config.", StringComparison.Ordinal) && node is JsonObject w && w.ContainsKey("value") && !(path.Length > 1 && path[1] == "value"))
            {
                node = w["value"];
            }
        }

        return [node];
    }

    private static bool Same(JsonNode? a, JsonNode? b, string field) =>
        (a is null && b is null) || (a is not null && b is not null && Order(a, b, field) == 0);

    private static double D(JsonValue v) => v.TryGetValue<double>(out var d) ? d : v.TryGetValue<long>(out var l) ? l : v.GetValue<int>();

    private static int? Order(JsonNode? a, JsonNode? b, string field)
    {
        if (a is not JsonValue x || b is not JsonValue y)
        {
            return null;
        }

        if (field == "createdAt" && y.TryGetValue<string>(out var iso))
        {
            y = JsonValue.Create(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds());
        }

        if (x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            return D(x).CompareTo(D(y));
        }

        return x.TryGetValue<string>(out var s) && y.TryGetValue<string>(out var t) ? string.CompareOrdinal(s, t) : null;
    }

    private static (int Rank, double Number, string? Text) Sortable(RunRow row, string key)
    {
        var node = key switch
        {
            "created_at" or "createdAt" => JsonValue.Create(row.CreatedAt.ToUnixTimeMilliseconds()),
            "heartbeat_at" => row.HeartbeatAt is { } at ? JsonValue.Create(at.ToUnixTimeMilliseconds()) : null,
            "name" => JsonValue.Create(row.Name),
            _ => Values(row, key).Single(),
        };
        return node switch
        {
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => (1, D(v), null),
            JsonValue v when v.TryGetValue<string>(out var s) && s != "__NaN__" => (2, 0, s),
            _ => (0, 0, null),
        };
    }

    private static int CompareForSort((int Rank, double Number, string? Text) a, (int Rank, double Number, string? Text) b)
    {
        var c = a.Rank.CompareTo(b.Rank);
        c = c != 0 ? c : a.Number.CompareTo(b.Number);
        return c != 0 ? c : string.CompareOrdinal(a.Text, b.Text);
    }

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
