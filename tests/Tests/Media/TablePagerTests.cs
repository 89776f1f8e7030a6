using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Tests.Media;

/// <summary>
/// <see cref="TablePager"/> serves pages of the tables the clients log without holding the table: every page of random
/// tables (numbers, texts, nulls, media cells, short rows), sorted either way and filtered, is the page a brute-force
/// evaluation of the whole table gives, also when the stream hands out a few bytes at a time.
/// </summary>
public sealed class TablePagerTests
{
    private static readonly string[] Words = ["cat", "dog", "Catalog", "bird", "", "zebra", "DOG", "ant"];

    [Theory]
    [InlineData(1, 0, 7, null, false, null, null)]
    [InlineData(2, 5, 7, "score", false, null, null)]
    [InlineData(3, 0, 500, "score", true, null, null)]
    [InlineData(4, 13, 9, "label", false, null, null)]
    [InlineData(5, 2, 11, "label", true, "cat", "label")]
    [InlineData(6, 0, 20, "id", true, "> 0.5", "score")]
    [InlineData(7, 0, 20, null, false, "dog", null)]
    [InlineData(8, 3, 5, "image", false, "<= 10", "id")]
    [InlineData(9, 400, 50, "score", false, null, null)]
    [InlineData(10, 0, 50, "score", false, "!= 1", "flag")]
    public async Task Every_page_is_the_page_of_the_whole_table_sorted_and_filtered(int seed, int offset, int limit, string? sort, bool descending, string? filter, string? column)
    {
        var (json, rows) = RandomTable(seed, 300);
        var query = new TableQuery(offset, limit, sort, descending, filter, column);

        var page = await TablePager.PageAsync(_ => Task.FromResult<Stream>(new TrickleStream(json, seed)), query, CancellationToken.None);

        var expected = BruteForce(rows, query);
        Assert.Equal(["id", "label", "score", "image", "flag"], page.Columns);
        Assert.Equal(rows.Count, page.TotalRows);
        Assert.Equal(expected.Count, page.MatchedRows);
        Assert.Equal(expected.Skip(offset).Take(limit).ToList(), page.RowIndexes);
        Assert.Equal(page.RowIndexes.Select(i => rows[i].ToJsonString()), page.Rows.Select(r => JsonNode.Parse(r)!.ToJsonString()));
    }

    [Fact]
    public async Task Column_types_are_the_kind_of_value_each_column_holds()
    {
        var (json, _) = RandomTable(11, 50);

        var page = await TablePager.PageAsync(_ => Task.FromResult<Stream>(new MemoryStream(json)), new TableQuery(0, 1, null, false, null, null), CancellationToken.None);

        Assert.Equal(["number", "string", "mixed", "image-file", "boolean"], page.ColumnTypes);
    }

    [Fact]
    public async Task A_table_the_client_logged_reads_as_its_rows()
    {
        var path = Directory.GetFiles(Path.Combine(Infrastructure.RecordedMediaProject.FilesFolder, "grl3fodr", "media", "table"), "sine_table_*.table.json").Single();

        var page = await TablePager.PageAsync(_ => Task.FromResult<Stream>(File.OpenRead(path)), new TableQuery(0, 5, "y", true, null, null), CancellationToken.None);

        Assert.Equal(["x", "y"], page.Columns);
        Assert.Equal(["number", "number"], page.ColumnTypes);
        Assert.Equal(20, page.TotalRows);
        Assert.Equal([5, 4, 6, 3, 7], page.RowIndexes);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"columns\": [\"a\"], \"data\": [[1], 2]}")]
    [InlineData("{\"columns\": [\"a\"], \"data\": [[1], [2]")]
    [InlineData("{\"columns\": [{\"x\": 1}], \"data\": []}")]
    [InlineData("{\"columns\": [\"a\"], \"data\": [[NaN]]}")]
    public async Task What_is_not_a_table_is_refused_as_a_format_error(string json)
    {
        await Assert.ThrowsAsync<TableFormatException>(() =>
            TablePager.PageAsync(_ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(json))), new TableQuery(0, 10, null, false, null, null), CancellationToken.None));
    }

    [Fact]
    public async Task A_column_the_table_does_not_have_is_a_query_error()
    {
        var (json, _) = RandomTable(12, 10);

        await Assert.ThrowsAsync<TableQueryException>(() =>
            TablePager.PageAsync(_ => Task.FromResult<Stream>(new MemoryStream(json)), new TableQuery(0, 10, "nope", false, null, null), CancellationToken.None));
    }

    /// <summary>The matching rows' indexes in order, computed over the whole table held in memory.</summary>
    private static List<int> BruteForce(List<JsonArray> rows, TableQuery query)
    {
        string[] columns = ["id", "label", "score", "image", "flag"];
        JsonNode? Cell(JsonArray row, string name) => Array.IndexOf(columns, name) is var i && i < row.Count ? row[i] : null;
        string Text(JsonNode? cell) => cell switch
        {
            null => "",
            JsonObject o => o["caption"]?.GetValue<string>() ?? o["path"]?.GetValue<string>() ?? o.ToJsonString(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => cell.ToJsonString(),
        };
        double? Number(JsonNode? cell) => cell is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.Number => v.GetValue<double>(),
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            JsonValueKind.String when double.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        } : null;
        bool Passes(JsonArray row)
        {
            if (query.Filter is null)
            {
                return true;
            }

            if (query.FilterColumn is null)
            {
                return row.Any(c => Text(c).Contains(query.Filter, StringComparison.OrdinalIgnoreCase));
            }

            var cell = Cell(row, query.FilterColumn);
            var op = new[] { ">=", "<=", "!=", ">", "<", "=" }.FirstOrDefault(query.Filter.StartsWith);
            if (op is null || !double.TryParse(query.Filter[op.Length..], CultureInfo.InvariantCulture, out var bound))
            {
                return Text(cell).Contains(query.Filter, StringComparison.OrdinalIgnoreCase);
            }

            return Number(cell) is { } n && op switch { ">=" => n >= bound, "<=" => n <= bound, "!=" => n != bound, ">" => n > bound, "<" => n < bound, _ => n == bound };
        }

        var matching = Enumerable.Range(0, rows.Count).Where(i => Passes(rows[i])).ToList();
        if (query.SortColumn is null)
        {
            return matching;
        }

        var keys = matching.Select(i =>
        {
            var cell = Cell(rows[i], query.SortColumn);
            return cell switch
            {
                null => new TableSortKey(3, 0, null, i),
                JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => new TableSortKey(0, Number(v)!.Value, null, i),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => new TableSortKey(1, 0, v.GetValue<string>(), i),
                _ => new TableSortKey(2, 0, Text(cell), i),
            };
        }).ToList();
        keys.Sort(TableSortKey.Comparer(query.Descending));
        return keys.Select(k => k.Row).ToList();
    }

    /// <summary>A table as the client writes it (columns, data, column_types after the rows) and its rows.</summary>
    internal static (byte[] Json, List<JsonArray> Rows) RandomTable(int seed, int count)
    {
        var random = new Random(seed);
        var rows = new List<JsonArray>();
        for (var i = 0; i < count; i++)
        {
            JsonNode? score = random.Next(10) switch
            {
                0 => null,
                1 => JsonValue.Create(Words[random.Next(Words.Length)]),
                _ => JsonValue.Create(Math.Round(random.NextDouble() * 2 - 0.5, 3)),
            };
            var image = new JsonObject { ["_type"] = "image-file", ["path"] = $"media/images/{random.Next(1000):D4}.png", ["width"] = 8, ["height"] = 8, ["boxes"] = new JsonObject { ["p"] = new JsonArray(1, 2) } };
            if (random.Next(3) == 0)
            {
                image["caption"] = Words[random.Next(Words.Length)] + " \"quoted\" é";
            }

            var row = new JsonArray(i, Words[random.Next(Words.Length)], score, image, random.Next(2) == 0);
            if (random.Next(25) == 0)
            {
                row.RemoveAt(4);
            }

            rows.Add(row);
        }

        var json = new JsonObject
        {
            ["columns"] = new JsonArray("id", "label", "score", "image", "flag"),
            ["data"] = new JsonArray(rows.Select(r => (JsonNode)r.DeepClone()).ToArray()),
            ["column_types"] = new JsonObject { ["wb_type"] = "typedDict", ["params"] = new JsonObject { ["type_map"] = new JsonObject() } },
        };
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());

        // Read back, so that the brute force sees the values as parsed JSON, as the pager does.
        return (bytes, JsonNode.Parse(bytes)!["data"]!.AsArray().Select(r => r!.AsArray()).ToList());
    }

    /// <summary>A stream that answers each read with 1 to 97 bytes, so rows straddle every read boundary.</summary>
    private sealed class TrickleStream(byte[] bytes, int seed) : MemoryStream(bytes)
    {
        private readonly Random _random = new(seed);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, _random.Next(1, 98))], cancellationToken);
    }
}
