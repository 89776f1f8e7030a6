using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// Pages of logged tables from an index built once per table version, so that a page costs a few reads instead of a
/// pass over the whole table. The first page asked of a version copies the stored table to this silo's disk (its
/// non-finite numbers quoted, <see cref="NonFiniteNumbers"/>) while <see cref="TableScanner"/> reads it, and writes
/// beside the copy each row's place in it, the columns and their types. A page without a filter then reads its rows'
/// places and bytes straight from the copy; a sorted page first writes the table's order by that column once (a row
/// number per row), then reads as the unsorted one does. Filtered pages read the local copy through
/// <see cref="TablePager"/>. The index is a cache: keyed by the object and its store version (a replaced file is
/// indexed again), bounded in bytes (least recently used tables leave first), and when the disk cannot hold it the
/// page is read from the stored table as before.
/// </summary>
public sealed partial class TableIndexes
{
    private const int FormatVersion = 2;

    /// <summary>One row's place in the copy: its first byte (8 bytes) and its length (4 bytes), little-endian.</summary>
    private const int EntryBytes = 12;

    /// <summary>Parsed indexes kept in memory; past this the dictionary starts over (a re-read is one small file).</summary>
    private const int MaxIndexesInMemory = 2048;

    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromHours(1);

    private readonly TableIndexOptions _options;
    private readonly ILogger<TableIndexes> _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableIndex>>> _building = new();
    private readonly ConcurrentDictionary<string, Lazy<Task>> _sorting = new();
    private readonly ConcurrentDictionary<string, (TableIndex Index, DateTimeOffset Touched)> _known = new();
    private readonly SemaphoreSlim _evicting = new(1, 1);

    public TableIndexes(IOptions<TableIndexOptions> options, IConfiguration configuration, TimeProvider time, ILogger<TableIndexes> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var dataDir = configuration["Storage:DataDir"] is { Length: > 0 } configured ? configured : Path.Combine(Path.GetTempPath(), "orleans-wandb");
        Folder = Path.GetFullPath(string.IsNullOrWhiteSpace(_options.Folder) ? Path.Combine(dataDir, "cache", "tables") : _options.Folder);
    }

    /// <summary>The folder the indexes are written to.</summary>
    public string Folder { get; }

    /// <summary>
    /// The page <paramref name="query"/> asks for of the table stored under <paramref name="objectKey"/> at
    /// <paramref name="version"/> (<see cref="Contracts.Storage.IFileStore.GetVersionAsync"/>); <paramref name="open"/>
    /// opens the stored table, once to index it or, when it cannot be indexed here, for each pass over it.
    /// </summary>
    public async Task<TablePage> PageAsync(string objectKey, string version, Func<CancellationToken, Task<Stream?>> open, TableQuery query, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var index = await IndexAsync(objectKey, version, open, cancellationToken);
                return await ReadPageAsync(index, query, cancellationToken);
            }
            catch (IndexFilesGoneException) when (attempt == 0)
            {
                // Evicted (or deleted by hand) between reading the index and its files: index it again once.
            }
            catch (Exception e) when (e is IndexUnusableException or IndexFilesGoneException)
            {
                LogUnindexed(_logger, objectKey, e.InnerException?.Message ?? e.Message);
                return await TablePager.PageAsync(async ct => NonFiniteNumbers.Quoting(await open(ct) ?? throw Removed()), query, cancellationToken);
            }
        }
    }

    private async Task<TableIndex> IndexAsync(string objectKey, string version, Func<CancellationToken, Task<Stream?>> open, CancellationToken cancellationToken)
    {
        var name = NameOf(objectKey, version);
        if (_known.TryGetValue(name, out var known))
        {
            Touch(name, known);
            return known.Index;
        }

        if (ReadIndex(name) is { } read)
        {
            Remember(name, read);
            return read;
        }

        var building = _building.GetOrAdd(name, _ => new Lazy<Task<TableIndex>>(() => BuildAndForgetAsync(name, open)));
        return await building.Value.WaitAsync(cancellationToken);
    }

    private async Task<TableIndex> BuildAndForgetAsync(string name, Func<CancellationToken, Task<Stream?>> open)
    {
        try
        {
            // Shared by every request waiting for this table: one caller leaving does not stop it for the others.
            var index = await BuildAsync(name, open, CancellationToken.None);
            Remember(name, index);
            await EvictAsync();
            return index;
        }
        finally
        {
            _building.TryRemove(name, out _);
        }
    }

    private async Task<TableIndex> BuildAsync(string name, Func<CancellationToken, Task<Stream?>> open, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Folder, $"{name}.{Guid.NewGuid():N}.tmp");
        var (copyPath, rowsPath) = (temporary + ".json", temporary + ".rows");
        try
        {
            try
            {
                Directory.CreateDirectory(Folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IndexUnusableException(e);
            }

            var starts = new List<long>();
            var lengths = new List<int>();
            var kinds = new List<Dictionary<string, int>>();
            TableScanner scanner;
            using var columnFiles = new TableColumnFiles(kind => $"{temporary}.{kind}");
            await using (var source = await open(cancellationToken) ?? throw Removed())
            await using (var copy = Local(() => new System.IO.FileStream(copyPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true)))
            await using (var tee = new CopyingStream(NonFiniteNumbers.Quoting(source), copy, _options.MaxTableBytes))
            {
                scanner = await TableScanner.ScanAsync(tee, (_, _, offset, row) =>
                {
                    starts.Add(offset);
                    lengths.Add(row.Length);
                    TableCells.CountKinds(row, kinds);
                    try
                    {
                        columnFiles.Add(row);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new IndexUnusableException(e);
                    }
                }, cancellationToken);
                await LocalAsync(() => copy.FlushAsync(cancellationToken));
                Local(() =>
                {
                    columnFiles.Flush();
                    return columnFiles.Count;
                });
            }

            columnFiles.Dispose();

            var entries = new byte[starts.Count * EntryBytes];
            for (var i = 0; i < starts.Count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(entries.AsSpan(i * EntryBytes), starts[i]);
                BinaryPrimitives.WriteInt32LittleEndian(entries.AsSpan((i * EntryBytes) + 8), lengths[i]);
            }

            var columns = scanner.Columns;
            var types = Enumerable.Range(0, Math.Max(columns.Count, kinds.Count)).Select(i => i < kinds.Count ? TablePager.TypeOf(kinds[i]) : "none").ToList();
            var names = columns.Concat(Enumerable.Range(columns.Count, Math.Max(0, kinds.Count - columns.Count)).Select(i => $"column {i + 1}")).ToList();
            var index = new TableIndex(name, names, types, scanner.RowCount, columnFiles.Count);
            var meta = JsonSerializer.SerializeToUtf8Bytes(new IndexFile(FormatVersion, index.Columns, index.ColumnTypes, index.RowCount, index.ColumnFiles));
            await LocalAsync(async () =>
            {
                await File.WriteAllBytesAsync(rowsPath, entries, cancellationToken);
                File.Move(copyPath, PathOf(name, "json"), overwrite: true);
                File.Move(rowsPath, PathOf(name, "rows"), overwrite: true);
                foreach (var kind in ColumnFileKinds(index.ColumnFiles))
                {
                    File.Move($"{temporary}.{kind}", PathOf(name, kind), overwrite: true);
                }

                await File.WriteAllBytesAsync(temporary + ".meta", meta, cancellationToken);

                // The index file is written last: a table is indexed once it exists, and then its copy and rows exist too.
                File.Move(temporary + ".meta", PathOf(name, "meta"), overwrite: true);
            });
            return index;
        }
        finally
        {
            foreach (var path in new[] { copyPath, rowsPath, temporary + ".meta" }.Concat(ColumnFileKinds(TableColumnFiles.MaxColumns).Select(kind => $"{temporary}.{kind}")))
            {
                TryDelete(path);
            }
        }
    }

    private async Task<TablePage> ReadPageAsync(TableIndex index, TableQuery query, CancellationToken cancellationToken)
    {
        var sortColumn = TablePager.ColumnIndex(index.Columns, query.SortColumn);
        if (TableFilter.Parse(query.Filter, query.FilterColumn is not null) is { } filter)
        {
            var filterColumn = TablePager.ColumnIndex(index.Columns, query.FilterColumn);
            if (filterColumn >= index.ColumnFiles || (filterColumn < 0 && index.Columns.Count > index.ColumnFiles))
            {
                // Wider than the columns given files: the filter reads every row of the local copy.
                return await FilesAsync(() => TablePager.PageAsync(_ => Task.FromResult<Stream>(OpenLocal(index.Name, "json", sequential: true)), query, cancellationToken));
            }

            return await FilteredPageAsync(index, query, filter, filterColumn, sortColumn);
        }

        var count = Math.Max(0, Math.Min(query.Limit, index.RowCount - query.Offset));
        var rowIndexes = new int[count];
        if (count > 0 && sortColumn < 0)
        {
            for (var i = 0; i < count; i++)
            {
                rowIndexes[i] = query.Offset + i;
            }
        }
        else if (count > 0)
        {
            var order = $"order-{sortColumn}-{(query.Descending ? "desc" : "asc")}";
            await FilesAsync(() => SortOrderAsync(index, sortColumn, query.Descending, order));
            var positions = new byte[count * 4];
            Files(() => ReadExactly(index.Name, order, positions, (long)query.Offset * 4));
            for (var i = 0; i < count; i++)
            {
                rowIndexes[i] = BinaryPrimitives.ReadInt32LittleEndian(positions.AsSpan(i * 4));
            }
        }

        var rows = Files(() => ReadRows(index.Name, rowIndexes));
        return new TablePage(index.Columns, index.ColumnTypes, index.RowCount, index.RowCount, query.Offset, rowIndexes, rows);
    }

    /// <summary>
    /// A filtered page: the filter reads the column's file (every column's for a filter on any column), then the page's
    /// rows are the matching ones at the page's places in table order or in the sort order.
    /// </summary>
    private async Task<TablePage> FilteredPageAsync(TableIndex index, TableQuery query, TableFilter filter, int filterColumn, int sortColumn)
    {
        var matches = new bool[index.RowCount];
        IEnumerable<int> columns = filterColumn >= 0 ? [filterColumn] : Enumerable.Range(0, index.ColumnFiles);
        foreach (var column in columns)
        {
            var (text, number) = TableColumnFiles.KindsOf(column);
            Files(() => TableColumnFiles.Match(PathOf(index.Name, text), PathOf(index.Name, number), filter, matches));
        }

        var order = (byte[]?)null;
        if (sortColumn >= 0)
        {
            var orderKind = $"order-{sortColumn}-{(query.Descending ? "desc" : "asc")}";
            await FilesAsync(() => SortOrderAsync(index, sortColumn, query.Descending, orderKind));
            order = new byte[index.RowCount * 4];
            Files(() => ReadExactly(index.Name, orderKind, order, 0));
        }

        var page = new List<int>(Math.Min(query.Limit, index.RowCount));
        var matched = 0;
        for (var i = 0; i < index.RowCount; i++)
        {
            var row = order is null ? i : BinaryPrimitives.ReadInt32LittleEndian(order.AsSpan(i * 4));
            if (!matches[row])
            {
                continue;
            }

            if (matched >= query.Offset && page.Count < query.Limit)
            {
                page.Add(row);
            }

            matched++;
        }

        var rowIndexes = page.ToArray();
        var rows = Files(() => ReadRows(index.Name, rowIndexes));
        return new TablePage(index.Columns, index.ColumnTypes, index.RowCount, matched, query.Offset, rowIndexes, rows);
    }

    /// <summary>The rows at <paramref name="rowIndexes"/>: their places from the rows file, their bytes from the copy (one read when they follow each other).</summary>
    private byte[][] ReadRows(string name, int[] rowIndexes)
    {
        var rows = new byte[rowIndexes.Length][];
        if (rowIndexes.Length == 0)
        {
            return rows;
        }

        using var places = File.OpenHandle(PathOf(name, "rows"));
        using var copy = File.OpenHandle(PathOf(name, "json"));
        var entry = new byte[EntryBytes];
        var spans = new (long Start, int Length)[rowIndexes.Length];
        var consecutive = true;
        for (var i = 0; i < rowIndexes.Length; i++)
        {
            ReadExactly(places, entry, (long)rowIndexes[i] * EntryBytes);
            spans[i] = (BinaryPrimitives.ReadInt64LittleEndian(entry), BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(8)));
            consecutive &= i == 0 || rowIndexes[i] == rowIndexes[i - 1] + 1;
        }

        if (consecutive)
        {
            var first = spans[0].Start;
            var block = new byte[spans[^1].Start + spans[^1].Length - first];
            ReadExactly(copy, block, first);
            for (var i = 0; i < spans.Length; i++)
            {
                rows[i] = block.AsSpan((int)(spans[i].Start - first), spans[i].Length).ToArray();
            }

            return rows;
        }

        for (var i = 0; i < spans.Length; i++)
        {
            rows[i] = new byte[spans[i].Length];
            ReadExactly(copy, rows[i], spans[i].Start);
        }

        return rows;
    }

    /// <summary>Writes, once, the table's row numbers in the order of column <paramref name="column"/> (missing values last, ties in table order).</summary>
    private Task SortOrderAsync(TableIndex index, int column, bool descending, string order)
    {
        if (File.Exists(PathOf(index.Name, order)))
        {
            return Task.CompletedTask;
        }

        var key = $"{index.Name}.{order}";
        var sorting = _sorting.GetOrAdd(key, added => new Lazy<Task>(async () =>
        {
            var temporary = Path.Combine(Folder, $"{key}.{Guid.NewGuid():N}.tmp");
            try
            {
                var keys = new List<TableSortKey>(index.RowCount);
                await using (var copy = OpenLocal(index.Name, "json", sequential: true))
                {
                    await TableScanner.ScanAsync(copy, (_, at, row) => keys.Add(TableCells.SortKey(TableCells.Cell(row, column), at)), CancellationToken.None);
                }

                keys.Sort(TableSortKey.Comparer(descending));
                var positions = new byte[keys.Count * 4];
                for (var i = 0; i < keys.Count; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(positions.AsSpan(i * 4), keys[i].Row);
                }

                await File.WriteAllBytesAsync(temporary, positions);
                File.Move(temporary, PathOf(index.Name, order), overwrite: true);
            }
            finally
            {
                TryDelete(temporary);
                _sorting.TryRemove(key, out _);
            }
        }));
        return sorting.Value;
    }

    /// <summary>The index of <paramref name="name"/> when its files are complete, else null.</summary>
    private TableIndex? ReadIndex(string name)
    {
        try
        {
            var file = JsonSerializer.Deserialize<IndexFile>(File.ReadAllBytes(PathOf(name, "meta")));
            return file is { Format: FormatVersion } && File.Exists(PathOf(name, "json")) && File.Exists(PathOf(name, "rows"))
                ? new TableIndex(name, file.Columns, file.ColumnTypes, file.RowCount, file.ColumnFiles)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private void Remember(string name, TableIndex index)
    {
        if (_known.Count >= MaxIndexesInMemory)
        {
            _known.Clear();
        }

        _known[name] = (index, _time.GetUtcNow());
    }

    /// <summary>Marks a table used (its index file's time, what eviction orders by), at most every few minutes.</summary>
    private void Touch(string name, (TableIndex Index, DateTimeOffset Touched) known)
    {
        var now = _time.GetUtcNow();
        if (now - known.Touched < TouchInterval)
        {
            return;
        }

        _known[name] = (known.Index, now);
        try
        {
            File.SetLastWriteTimeUtc(PathOf(name, "meta"), now.UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _known.TryRemove(name, out _);
        }
    }

    /// <summary>Removes the least recently used tables while the folder holds more than its bound, and temporary files left by a crash.</summary>
    private async Task EvictAsync()
    {
        if (!await _evicting.WaitAsync(0))
        {
            return;
        }

        try
        {
            var folder = new DirectoryInfo(Folder);
            var files = folder.GetFiles();
            var now = _time.GetUtcNow().UtcDateTime;
            foreach (var stale in files.Where(f => f.Name.Contains(".tmp", StringComparison.Ordinal) && now - f.LastWriteTimeUtc > StaleTemporaryAge))
            {
                TryDelete(stale.FullName);
            }

            var total = files.Sum(f => f.Length);
            if (total <= _options.MaxBytes)
            {
                return;
            }

            var byTable = files.GroupBy(f => f.Name.Split('.')[0]).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var meta in files.Where(f => f.Extension == ".meta").OrderBy(f => f.LastWriteTimeUtc))
            {
                var name = Path.GetFileNameWithoutExtension(meta.Name);
                _known.TryRemove(name, out _);
                foreach (var file in byTable.GetValueOrDefault(name) ?? [])
                {
                    TryDelete(file.FullName);
                    total -= file.Length;
                }

                if (total <= _options.MaxBytes)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogEvictionFailed(_logger, Folder, e);
        }
        finally
        {
            _evicting.Release();
        }
    }

    /// <summary>The files' common name of a table version: a hash, so that keys and versions never reach a path.</summary>
    private static string NameOf(string objectKey, string version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{objectKey}\n{version}")))[..40];

    private string PathOf(string name, string extension) => Path.Combine(Folder, $"{name}.{extension}");

    private System.IO.FileStream OpenLocal(string name, string extension, bool sequential) =>
        new(PathOf(name, extension), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
            sequential ? FileOptions.Asynchronous | FileOptions.SequentialScan : FileOptions.Asynchronous);

    private void ReadExactly(string name, string extension, byte[] buffer, long offset)
    {
        using var handle = File.OpenHandle(PathOf(name, extension));
        ReadExactly(handle, buffer, offset);
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, byte[] buffer, long offset)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(done), offset + done);
            if (read == 0)
            {
                throw new IndexFilesGoneException(new EndOfStreamException("A table index file is shorter than its index says."));
            }

            done += read;
        }
    }

    /// <summary>Runs an operation on this silo's index files, turning their disappearance into <see cref="IndexFilesGoneException"/> and other disk failures into <see cref="IndexUnusableException"/>.</summary>
    private static T Files<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IndexFilesGoneException(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IndexUnusableException(e);
        }
    }

    private static void Files(Action read) => Files(() =>
    {
        read();
        return 0;
    });

    private static async Task<T> FilesAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IndexFilesGoneException(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IndexUnusableException(e);
        }
    }

    private static Task FilesAsync(Func<Task> read) => FilesAsync(async () =>
    {
        await read();
        return 0;
    });

    /// <summary>A write to this silo's disk: its failure means the table cannot be indexed here, not that the table is unreadable.</summary>
    private static T Local<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IndexUnusableException(e);
        }
    }

    private static async Task LocalAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IndexUnusableException(e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is removed by the next eviction pass.
        }
    }

    private static TableFormatException Removed() => new("The table was removed while it was read.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Table {ObjectKey} is served without an index: {Reason}")]
    private static partial void LogUnindexed(ILogger logger, string objectKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evicting table indexes from {Folder} failed")]
    private static partial void LogEvictionFailed(ILogger logger, string folder, Exception exception);

    /// <summary>The index file: its format and what the table holds.</summary>
    private sealed record IndexFile(int Format, IReadOnlyList<string> Columns, IReadOnlyList<string> ColumnTypes, int RowCount, int ColumnFiles);

    private static IEnumerable<string> ColumnFileKinds(int columns) =>
        Enumerable.Range(0, columns).SelectMany(column => TableColumnFiles.KindsOf(column) is var (text, number) ? new[] { text, number } : []);

    /// <summary>This silo's disk cannot hold the index (full, unwritable) or the table is larger than an index is made for.</summary>
    private sealed class IndexUnusableException(Exception? inner = null, string? message = null)
        : Exception(message ?? inner?.Message ?? "The table cannot be indexed here.", inner);

    /// <summary>An index file disappeared between reading the index and reading its rows.</summary>
    private sealed class IndexFilesGoneException(Exception inner) : Exception(inner.Message, inner);

    /// <summary>Reads <paramref name="inner"/> and writes everything read to <paramref name="copy"/>, up to <paramref name="maxBytes"/>.</summary>
    private sealed class CopyingStream(Stream inner, Stream copy, long maxBytes) : Stream
    {
        private long _copied;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            _copied += read;
            if (_copied > maxBytes)
            {
                throw new IndexUnusableException(message: $"The table is larger than the {maxBytes:N0} bytes an index is made for.");
            }

            await LocalAsync(() => copy.WriteAsync(buffer[..read], cancellationToken).AsTask());
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
