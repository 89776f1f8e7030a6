using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// The per-column files beside an indexed table that let a filter read one column instead of the whole table: for each
/// column, every row's filter text (<see cref="TableCells.Text"/>, a 4-byte length then UTF-8) in one file and its
/// number (<see cref="TableCells.Number"/>, a presence byte then a double) in another, written while the table is
/// indexed. A missing cell is an empty text and no number, which no filter matches, as for the streamed table.
/// </summary>
internal sealed class TableColumnFiles : IDisposable
{
    /// <summary>Columns given files at most; a filter on a wider table reads the local copy instead.</summary>
    public const int MaxColumns = 256;

    private const int TextHeaderBytes = 4;
    private const int NumberBytes = 9;
    private const int ChunkBytes = 1 << 18;

    private readonly Func<string, string> _pathOf;
    private readonly List<(System.IO.FileStream Text, System.IO.FileStream Number)> _columns = [];
    private readonly List<(int Start, int Length)> _cells = [];
    private byte[] _encoded = new byte[256];
    private int _rows;

    /// <param name="pathOf">The file for a kind (<c>text-3</c>, <c>number-3</c>) of the table being indexed.</param>
    public TableColumnFiles(Func<string, string> pathOf) => _pathOf = pathOf;

    /// <summary>The columns that have files.</summary>
    public int Count => _columns.Count;

    /// <summary>The file kinds of column <paramref name="column"/>, as named beside the table's other index files.</summary>
    public static (string Text, string Number) KindsOf(int column) => ($"text-{column}", $"number-{column}");

    /// <summary>Adds the cells of the next row.</summary>
    public void Add(ReadOnlySpan<byte> row)
    {
        TableCells.Cells(row, _cells);
        var present = Math.Min(_cells.Count, MaxColumns);
        while (_columns.Count < present)
        {
            var (text, number) = KindsOf(_columns.Count);
            var column = (Create(_pathOf(text)), Create(_pathOf(number)));
            _columns.Add(column);
            for (var i = 0; i < _rows; i++)
            {
                WriteMissing(column);
            }
        }

        for (var i = 0; i < _columns.Count; i++)
        {
            if (i >= present)
            {
                WriteMissing(_columns[i]);
                continue;
            }

            var cell = row.Slice(_cells[i].Start, _cells[i].Length);
            WriteText(_columns[i].Text, TableCells.Text(cell));
            WriteNumber(_columns[i].Number, TableCells.Number(cell));
        }

        _rows++;
    }

    /// <summary>Writes what is buffered to disk.</summary>
    public void Flush()
    {
        foreach (var (text, number) in _columns)
        {
            text.Flush();
            number.Flush();
        }
    }

    public void Dispose()
    {
        foreach (var (text, number) in _columns)
        {
            text.Dispose();
            number.Dispose();
        }
    }

    /// <summary>
    /// Marks in <paramref name="matches"/> the rows whose cell of the column (its files <paramref name="textPath"/> and
    /// <paramref name="numberPath"/>) passes <paramref name="filter"/>; rows already marked stay marked.
    /// </summary>
    public static void Match(string textPath, string numberPath, TableFilter filter, bool[] matches)
    {
        if (filter.IsComparison)
        {
            MatchNumbers(numberPath, filter, matches);
        }
        else
        {
            MatchTexts(textPath, filter, matches);
        }
    }

    private static void MatchNumbers(string path, TableFilter filter, bool[] matches)
    {
        using var file = new System.IO.FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(NumberBytes * 8192);
        try
        {
            var row = 0;
            int read;
            while (row < matches.Length && (read = ReadRecords(file, buffer, NumberBytes * 8192)) > 0)
            {
                for (var at = 0; at + NumberBytes <= read && row < matches.Length; at += NumberBytes, row++)
                {
                    if (!matches[row] && buffer[at] == 1 && filter.MatchesNumber(BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(at + 1))))
                    {
                        matches[row] = true;
                    }
                }
            }

            if (row < matches.Length)
            {
                throw new EndOfStreamException("A table's column file is shorter than its index says.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void MatchTexts(string path, TableFilter filter, bool[] matches)
    {
        using var file = new System.IO.FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var chars = ArrayPool<char>.Shared.Rent(1024);
        try
        {
            int row = 0, filled = 0, at = 0;
            while (row < matches.Length)
            {
                if (filled - at < TextHeaderBytes || filled - at < TextHeaderBytes + BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(at)))
                {
                    // The next record is not whole in the buffer: keep its start, grow the buffer for a long text, read on.
                    var needed = filled - at >= TextHeaderBytes ? TextHeaderBytes + BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(at)) : TextHeaderBytes;
                    buffer.AsSpan(at, filled - at).CopyTo(buffer);
                    (filled, at) = (filled - at, 0);
                    if (needed > buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(needed);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = file.Read(buffer, filled, buffer.Length - filled);
                    if (read == 0)
                    {
                        throw new EndOfStreamException("A table's column file is shorter than its index says.");
                    }

                    filled += read;
                    continue;
                }

                var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(at));
                if (!matches[row] && length > 0)
                {
                    var text = buffer.AsSpan(at + TextHeaderBytes, length);
                    if (chars.Length < length)
                    {
                        ArrayPool<char>.Shared.Return(chars);
                        chars = ArrayPool<char>.Shared.Rent(length);
                    }

                    var decoded = Encoding.UTF8.GetChars(text, chars);
                    matches[row] = filter.MatchesText(chars.AsSpan(0, decoded));
                }

                at += TextHeaderBytes + length;
                row++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> up to <paramref name="bytes"/> (whole records unless the file ends).</summary>
    private static int ReadRecords(System.IO.FileStream file, byte[] buffer, int bytes)
    {
        var done = 0;
        int read;
        while (done < bytes && (read = file.Read(buffer, done, bytes - done)) > 0)
        {
            done += read;
        }

        return done;
    }

    private static System.IO.FileStream Create(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14);

    private void WriteText(System.IO.FileStream file, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_encoded.Length < length)
        {
            _encoded = new byte[Math.Max(length, _encoded.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(text, _encoded);
        Span<byte> header = stackalloc byte[TextHeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, written);
        file.Write(header);
        file.Write(_encoded, 0, written);
    }

    private static void WriteNumber(System.IO.FileStream file, double? number)
    {
        Span<byte> record = stackalloc byte[NumberBytes];
        record[0] = number.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteDoubleLittleEndian(record[1..], number ?? 0);
        file.Write(record);
    }

    private static void WriteMissing((System.IO.FileStream Text, System.IO.FileStream Number) column)
    {
        Span<byte> empty = stackalloc byte[NumberBytes];
        empty.Clear();
        column.Text.Write(empty[..TextHeaderBytes]);
        column.Number.Write(empty);
    }
}
