using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Tests.Media;

/// <summary>
/// <see cref="TableIndexes"/> indexes a table version once on the local disk and serves every page from the index:
/// each page is the page the streaming <see cref="TablePager"/> gives (itself checked against a brute force), the
/// stored table is read once however many pages are asked, a replaced table is indexed again, the folder stays within
/// its bound, and a disk that cannot hold the index still serves the page from the stored table.
/// </summary>
public sealed class TableIndexesTests : IDisposable
{
    private readonly TempDataDir _folder = new();

    public void Dispose() => _folder.Dispose();

    private TableIndexes Indexes(long maxBytes = 1L << 30, string? folder = null) => new(
        Options.Create(new TableIndexOptions { Folder = folder ?? _folder.Path, MaxBytes = maxBytes, MaxTableBytes = Math.Min(maxBytes, 1L << 28) }),
        new ConfigurationBuilder().Build(), TimeProvider.System, NullLogger<TableIndexes>.Instance);

    [Theory]
    [InlineData(0, 7, null, false, null, null)]
    [InlineData(5, 7, "score", false, null, null)]
    [InlineData(0, 500, "score", true, null, null)]
    [InlineData(13, 9, "label", false, null, null)]
    [InlineData(2, 11, "label", true, "cat", "label")]
    [InlineData(0, 20, "id", true, "> 0.5", "score")]
    [InlineData(290, 50, "image", false, null, null)]
    [InlineData(299, 5, "flag", true, null, null)]
    [InlineData(300, 5, null, false, null, null)]
    [InlineData(120, 60, null, false, null, null)]
    [InlineData(0, 50, null, false, "7", null)]
    [InlineData(4, 30, "score", false, "a", null)]
    [InlineData(0, 40, null, false, "<= 0.3", "score")]
    [InlineData(10, 40, "label", true, "!= 0", "flag")]
    [InlineData(0, 25, "id", false, "png", "image")]
    [InlineData(0, 25, null, false, "= 17", "id")]
    [InlineData(500, 25, null, false, "1", null)]
    public async Task Every_page_from_the_index_is_the_page_of_the_streamed_table(int offset, int limit, string? sort, bool descending, string? filter, string? column)
    {
        var (json, _) = TablePagerTests.RandomTable(21, 300);
        var query = new TableQuery(offset, limit, sort, descending, filter, column);
        var indexes = Indexes();

        var indexed = await indexes.PageAsync("runs/e/p/r/t.table.json", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), query, CancellationToken.None);
        var again = await indexes.PageAsync("runs/e/p/r/t.table.json", "v1", _ => throw new InvalidOperationException("indexed already"), query, CancellationToken.None);
        var streamed = await TablePager.PageAsync(_ => Task.FromResult<Stream>(new MemoryStream(json)), query, CancellationToken.None);

        foreach (var page in new[] { indexed, again })
        {
            Assert.Equal(streamed.Columns, page.Columns);
            Assert.Equal(streamed.ColumnTypes, page.ColumnTypes);
            Assert.Equal(streamed.TotalRows, page.TotalRows);
            Assert.Equal(streamed.MatchedRows, page.MatchedRows);
            Assert.Equal(streamed.RowIndexes, page.RowIndexes);
            Assert.Equal(streamed.Rows.Select(Encoding.UTF8.GetString), page.Rows.Select(Encoding.UTF8.GetString));
        }
    }

    [Fact]
    public async Task The_stored_table_is_read_once_for_many_pages_and_again_when_it_is_replaced()
    {
        var indexes = Indexes();
        var opened = 0;
        Func<CancellationToken, Task<Stream?>> Open(string json) => _ =>
        {
            opened++;
            return Task.FromResult<Stream?>(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        };
        var first = """{"columns": ["a"], "data": [[3], [1], [2]]}""";
        var replaced = """{"columns": ["a", "b"], "data": [[9, "x"]]}""";

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            indexes.PageAsync("t", "v1", Open(first), new TableQuery(i % 3, 1, i % 2 == 0 ? "a" : null, false, null, null), CancellationToken.None)));
        var sorted = await indexes.PageAsync("t", "v1", Open(first), new TableQuery(0, 3, "a", true, null, null), CancellationToken.None);
        var openedForFirst = opened;
        var afterReplace = await indexes.PageAsync("t", "v2", Open(replaced), new TableQuery(0, 10, null, false, null, null), CancellationToken.None);

        Assert.Equal(1, openedForFirst);
        Assert.Equal([0, 2, 1], sorted.RowIndexes);
        Assert.Equal(2, opened);
        Assert.Equal(["a", "b"], afterReplace.Columns);
        Assert.Equal(1, afterReplace.TotalRows);
    }

    [Fact]
    public async Task The_folder_keeps_within_its_bound_by_dropping_the_least_recently_indexed_tables()
    {
        var json = MediaTableTestsTable(2_000);
        var indexes = Indexes(maxBytes: json.Length * 5L);

        for (var i = 0; i < 6; i++)
        {
            await indexes.PageAsync($"t{i}", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(0, 5, null, false, null, null), CancellationToken.None);
        }

        var bytes = Directory.GetFiles(_folder.Path).Sum(f => new FileInfo(f).Length);
        var page = await indexes.PageAsync("t0", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(1990, 50, null, false, null, null), CancellationToken.None);

        Assert.True(bytes <= json.Length * 5L, $"the folder holds {bytes} bytes, more than its bound of {json.Length * 5L}");
        Assert.Equal(10, page.Rows.Count);
        Assert.Equal(1999, page.RowIndexes[^1]);
    }

    [Fact]
    public async Task Index_files_removed_from_under_the_server_are_rebuilt_and_the_page_still_served()
    {
        var json = MediaTableTestsTable(100);
        var indexes = Indexes();
        await indexes.PageAsync("t", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(0, 5, null, false, null, null), CancellationToken.None);

        foreach (var file in Directory.GetFiles(_folder.Path))
        {
            File.Delete(file);
        }

        var page = await indexes.PageAsync("t", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(95, 10, "score", true, null, null), CancellationToken.None);

        Assert.Equal([4, 3, 2, 1, 0], page.RowIndexes);
    }

    [Fact]
    public async Task A_disk_that_cannot_hold_the_index_still_serves_the_page_from_the_stored_table()
    {
        // A file where the folder should be: nothing can be written under it.
        var blocked = Path.Combine(_folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "");
        var indexes = Indexes(folder: Path.Combine(blocked, "tables"));
        var json = MediaTableTestsTable(50);

        var page = await indexes.PageAsync("t", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(0, 3, "score", true, null, null), CancellationToken.None);

        Assert.Equal([49, 48, 47], page.RowIndexes);
    }

    [Fact]
    public async Task A_table_that_is_not_JSON_is_a_format_error_and_leaves_nothing_behind()
    {
        var indexes = Indexes();

        await Assert.ThrowsAsync<TableFormatException>(() => indexes.PageAsync("t", "v1",
            _ => Task.FromResult<Stream?>(new MemoryStream("""{"columns": ["a"], "data": [[1], [2"""u8.ToArray())), new TableQuery(0, 3, null, false, null, null), CancellationToken.None));

        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Theory]
    [InlineData("x", null)]
    [InlineData("> 1", "b")]
    [InlineData("7", "column 3")]
    public async Task A_filter_on_rows_shorter_or_longer_than_the_columns_matches_the_cells_they_have(string filter, string? column)
    {
        var json = """{"columns": ["a", "b"], "data": [["x1"], ["y", 2], ["x", 0.5, 7], [], ["z", "3", "x7"]]}"""u8.ToArray();
        var indexes = Indexes();

        var page = await indexes.PageAsync("ragged", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(0, 10, null, false, filter, column), CancellationToken.None);

        var expected = (filter, column) switch
        {
            ("x", null) => new[] { 0, 2, 4 },
            ("> 1", "b") => [1, 4],
            _ => [2, 4],
        };
        Assert.Equal(expected, page.RowIndexes);
        Assert.Equal(expected.Length, page.MatchedRows);
        Assert.Equal(["a", "b", "column 3"], page.Columns);
    }

    [Fact]
    public async Task A_filtered_page_reads_the_filtered_column_not_the_copy_of_the_table()
    {
        var json = MediaTableTestsTable(2_000);
        var indexes = Indexes();
        await indexes.PageAsync("t", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(0, 5, null, false, null, null), CancellationToken.None);
        var copy = Directory.GetFiles(_folder.Path, "*.json").Single();

        // The copy held open without sharing: a page that scanned it would fail to open it (and the page is past the
        // matches, so no row of the copy is read either).
        using (new FileStream(copy, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var counted = await indexes.PageAsync("t", "v1", _ => throw new InvalidOperationException("indexed already"), new TableQuery(100, 1, null, false, "> 1990", "id"), CancellationToken.None);
            Assert.Equal(9, counted.MatchedRows);
        }
    }

    [Fact]
    public async Task A_table_wider_than_the_columns_given_files_is_filtered_from_its_copy()
    {
        var width = TableColumnFiles.MaxColumns + 4;
        var columns = string.Join(", ", Enumerable.Range(0, width).Select(i => $"\"c{i}\""));
        var rows = string.Join(", ", Enumerable.Range(0, 30).Select(r => "[" + string.Join(", ", Enumerable.Range(0, width).Select(c => c == width - 1 ? $"\"last {r}\"" : "0")) + "]"));
        var json = Encoding.UTF8.GetBytes($"{{\"columns\": [{columns}], \"data\": [{rows}]}}");
        var indexes = Indexes();

        var any = await indexes.PageAsync("wide", "v1", _ => Task.FromResult<Stream?>(new MemoryStream(json)), new TableQuery(0, 5, null, true, "last 2", null), CancellationToken.None);
        var inLast = await indexes.PageAsync("wide", "v1", _ => throw new InvalidOperationException("indexed already"), new TableQuery(0, 5, null, true, "last 1", $"c{width - 1}"), CancellationToken.None);

        Assert.Equal([2, 20, 21, 22, 23], any.RowIndexes);
        Assert.Equal(11, inLast.MatchedRows);
    }

    private static byte[] MediaTableTestsTable(int rows) => WebApp.MediaTableTests.LargeTable(rows);
}
