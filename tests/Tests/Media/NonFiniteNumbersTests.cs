using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Tests.Media;

/// <summary>
/// Tables with Python's <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> (what <c>json.dumps</c> writes for
/// non-finite floats, as the clients leave <c>allow_nan</c> on) are served as W&amp;B shows them: the words in the cells,
/// the column still numeric, infinities sorted as numbers and NaN last; the words inside strings are left alone.
/// </summary>
public sealed class NonFiniteNumbersTests
{
    [Theory]
    [InlineData("[NaN, Infinity, -Infinity]", "[\"NaN\", \"Infinity\", \"-Infinity\"]")]
    [InlineData("[-1.5,-Infinity,NaN]", "[-1.5,\"-Infinity\",\"NaN\"]")]
    [InlineData("{\"a\": \"NaN Infinity -Infinity\", \"b\": \"say \\\"NaN\\\"\"}", "{\"a\": \"NaN Infinity -Infinity\", \"b\": \"say \\\"NaN\\\"\"}")]
    [InlineData("[true, false, null, 1e-5, -2E+3]", "[true, false, null, 1e-5, -2E+3]")]
    [InlineData("[1, NaN", "[1, \"NaN\"")]
    [InlineData("[-", "[-")]
    public async Task Bare_words_outside_strings_are_quoted_and_everything_else_passes_unchanged(string json, string expected)
    {
        foreach (var chunk in new[] { 1, 2, 3, 1024 })
        {
            await using var quoting = NonFiniteNumbers.Quoting(new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk));
            using var reader = new StreamReader(quoting);

            Assert.Equal(expected, await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task A_column_with_NaN_and_infinities_stays_numeric_shows_the_words_and_sorts_NaN_last_either_way()
    {
        var table = """{"columns": ["id", "loss"], "data": [[0, 0.5], [1, NaN], [2, Infinity], [3, -Infinity], [4, 2.0], [5, NaN]]}""";

        async Task<TablePage> Page(bool descending) => await TablePager.PageAsync(
            _ => Task.FromResult(NonFiniteNumbers.Quoting(new MemoryStream(Encoding.UTF8.GetBytes(table)))),
            new TableQuery(0, 10, "loss", descending, null, null), CancellationToken.None);

        var ascending = await Page(descending: false);
        var descending = await Page(descending: true);

        Assert.Equal(["number", "number"], ascending.ColumnTypes);
        Assert.Equal([3, 0, 4, 2, 1, 5], ascending.RowIndexes);
        Assert.Equal([2, 4, 0, 3, 1, 5], descending.RowIndexes);
        Assert.Equal("\"-Infinity\"", JsonNode.Parse(ascending.Rows[0])![1]!.ToJsonString());
        Assert.Equal("\"NaN\"", JsonNode.Parse(ascending.Rows[4])![1]!.ToJsonString());
    }

    [Fact]
    public async Task A_numeric_filter_compares_infinities_as_numbers_and_never_matches_NaN()
    {
        var table = """{"columns": ["id", "loss"], "data": [[0, 0.5], [1, NaN], [2, Infinity], [3, -Infinity]]}""";

        var page = await TablePager.PageAsync(
            _ => Task.FromResult(NonFiniteNumbers.Quoting(new MemoryStream(Encoding.UTF8.GetBytes(table)))),
            new TableQuery(0, 10, null, false, "> 0", "loss"), CancellationToken.None);

        Assert.Equal([0, 2], page.RowIndexes);
    }

    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
