using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// The tables the clients compose of other tables of an artifact, written out as one ordinary table
/// (<c>{"columns": [...], "data": [...]}</c>) so that <see cref="TableIndexes"/> pages them as any other:
/// a <c>wandb.JoinedTable</c> (<c>joined-table</c>: the rows of two tables with equal join keys) and a
/// <c>wandb.data_types.PartitionedTable</c> (<c>partitioned-table</c>: the rows of every table in a folder, in path order).
/// </summary>
public static class TableComposer
{
    /// <summary>Largest composed table written, as the largest table indexed (<see cref="TableIndexOptions.MaxTableBytes"/>'s default).</summary>
    public const long MaxOutputBytes = 512L * 1024 * 1024;

    /// <summary>Most bytes of the second table's rows held while joining (its rows are looked up by key).</summary>
    public const long MaxJoinedTableBytes = 128L * 1024 * 1024;

    /// <summary>Most parts of a partitioned table.</summary>
    public const int MaxParts = 10_000;

    /// <summary>
    /// Writes to <paramref name="output"/> the inner join of two tables on their key columns, in the first table's row
    /// order (a key found several times in the second table gives one row per match): the key column, then the first
    /// table's other columns, then the second's; a name both tables use is prefixed with its table's name
    /// (<c>dataset.label</c>, <c>predictions.label</c>).
    /// </summary>
    public static async Task JoinAsync(
        (string Name, Func<CancellationToken, Task<Stream>> Open) first, (string Name, Func<CancellationToken, Task<Stream>> Open) second,
        string firstKey, string secondKey, Stream output, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        var cells = new List<(int Start, int Length)>();
        long held = 0;
        int secondKeyColumn = -1;
        IReadOnlyList<string> secondColumns = [];
        await using (var stream = await second.Open(cancellationToken))
        {
            var scanned = await TableScanner.ScanAsync(stream, (columns, _, row) =>
            {
                if (secondKeyColumn < 0)
                {
                    secondKeyColumn = KeyColumn(columns, secondKey, second.Name);
                }

                held += row.Length;
                if (held > MaxJoinedTableBytes)
                {
                    throw new TableFormatException($"The joined table '{second.Name}' is larger than the {MaxJoinedTableBytes / (1024 * 1024)} MiB a join holds.");
                }

                if (KeyOf(TableCells.Cell(row, secondKeyColumn)) is { } key)
                {
                    (byKey.TryGetValue(key, out var rows) ? rows : byKey[key] = []).Add(row.ToArray());
                }
            }, cancellationToken);
            secondColumns = scanned.Columns;
            secondKeyColumn = KeyColumn(secondColumns, secondKey, second.Name);
        }

        using var writer = new TableWriter(output);
        var firstKeyColumn = -1;
        IReadOnlyList<string> firstColumns = [];
        var secondCells = new List<(int Start, int Length)>();
        void Header(IReadOnlyList<string> columns)
        {
            firstColumns = columns;
            firstKeyColumn = KeyColumn(columns, firstKey, first.Name);
            var shared = columns.Where((c, i) => i != firstKeyColumn).Intersect(secondColumns.Where((c, i) => i != secondKeyColumn)).ToHashSet();
            var names = new List<string> { columns[firstKeyColumn] };
            names.AddRange(columns.Where((_, i) => i != firstKeyColumn).Select(c => shared.Contains(c) ? $"{first.Name}.{c}" : c));
            names.AddRange(secondColumns.Where((_, i) => i != secondKeyColumn).Select(c => shared.Contains(c) ? $"{second.Name}.{c}" : c));
            writer.Start(names);
        }

        await using (var stream = await first.Open(cancellationToken))
        {
            var scanned = await TableScanner.ScanAsync(stream, (columns, _, row) =>
            {
                if (firstKeyColumn < 0)
                {
                    Header(columns);
                }

                TableCells.Cells(row, cells);
                var keyCell = firstKeyColumn < cells.Count ? row.Slice(cells[firstKeyColumn].Start, cells[firstKeyColumn].Length) : [];
                if (KeyOf(keyCell) is not { } key || !byKey.TryGetValue(key, out var matches))
                {
                    return;
                }

                foreach (var match in matches)
                {
                    writer.StartRow();
                    writer.Cell(keyCell);
                    for (var i = 0; i < firstColumns.Count; i++)
                    {
                        if (i != firstKeyColumn)
                        {
                            writer.Cell(i < cells.Count ? row.Slice(cells[i].Start, cells[i].Length) : []);
                        }
                    }

                    TableCells.Cells(match, secondCells);
                    for (var i = 0; i < secondColumns.Count; i++)
                    {
                        if (i != secondKeyColumn)
                        {
                            writer.Cell(i < secondCells.Count ? match.AsSpan(secondCells[i].Start, secondCells[i].Length) : []);
                        }
                    }

                    writer.EndRow();
                }
            }, cancellationToken);
            if (firstKeyColumn < 0)
            {
                Header(scanned.Columns);
            }
        }

        writer.End();
    }

    /// <summary>Writes to <paramref name="output"/> the rows of every part in order; the parts must have the same columns, as the clients require.</summary>
    public static async Task ConcatenateAsync(IReadOnlyList<(string Name, Func<CancellationToken, Task<Stream>> Open)> parts, Stream output, CancellationToken cancellationToken)
    {
        if (parts.Count > MaxParts)
        {
            throw new TableFormatException($"The partitioned table has more than {MaxParts:N0} parts.");
        }

        using var writer = new TableWriter(output);
        IReadOnlyList<string>? columns = null;
        void Check(IReadOnlyList<string> read, string name)
        {
            if (columns is null)
            {
                columns = read;
                writer.Start(read);
            }
            else if (!columns.SequenceEqual(read))
            {
                throw new TableFormatException($"The part '{name}' has columns [{string.Join(", ", read)}], not those of the first part [{string.Join(", ", columns)}].");
            }
        }

        foreach (var (name, open) in parts)
        {
            var checkedPart = false;
            await using var stream = await open(cancellationToken);
            var scanned = await TableScanner.ScanAsync(stream, (read, _, row) =>
            {
                if (!checkedPart)
                {
                    Check(read, name);
                    checkedPart = true;
                }

                writer.Row(row);
            }, cancellationToken);
            if (!checkedPart)
            {
                Check(scanned.Columns, name);
            }
        }

        if (columns is null)
        {
            writer.Start([]);
        }

        writer.End();
    }

    private static int KeyColumn(IReadOnlyList<string> columns, string key, string table)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == key)
            {
                return i;
            }
        }

        throw new TableFormatException($"The table '{table}' has no join key column '{key}'.");
    }

    /// <summary>The value a join compares: a number by its value (1 and 1.0 join), a string by its text, other JSON as written; null for a missing or null key.</summary>
    private static string? KeyOf(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(cell);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number when reader.TryGetDouble(out var number) => "n" + number.ToString("R", CultureInfo.InvariantCulture),
            JsonTokenType.String => "s" + reader.GetString(),
            _ => "j" + Encoding.UTF8.GetString(cell),
        };
    }

    /// <summary>Writes a table's JSON, bounded by <see cref="MaxOutputBytes"/>; cells and rows are the input's own (already valid) JSON.</summary>
    private sealed class TableWriter(Stream output) : IDisposable
    {
        private readonly BufferedStream _output = new(output, 1 << 16);
        private long _written;
        private bool _firstRow = true;
        private bool _firstCell;

        public void Start(IReadOnlyList<string> columns) =>
            Write(Encoding.UTF8.GetBytes($"{{\"columns\": {JsonSerializer.Serialize(columns)}, \"data\": ["));

        public void StartRow()
        {
            Write(_firstRow ? "["u8 : ", ["u8);
            (_firstRow, _firstCell) = (false, true);
        }

        public void Cell(ReadOnlySpan<byte> cell)
        {
            if (!_firstCell)
            {
                Write(", "u8);
            }

            _firstCell = false;
            Write(cell.IsEmpty ? "null"u8 : cell);
        }

        public void EndRow() => Write("]"u8);

        public void Row(ReadOnlySpan<byte> row)
        {
            Write(_firstRow ? [] : ", "u8);
            _firstRow = false;
            Write(row);
        }

        public void End()
        {
            Write("]}"u8);
            _output.Flush();
        }

        public void Dispose() => _output.Flush();

        private void Write(ReadOnlySpan<byte> bytes)
        {
            _written += bytes.Length;
            if (_written > MaxOutputBytes)
            {
                throw new TableFormatException($"The composed table is larger than {MaxOutputBytes / (1024 * 1024)} MiB.");
            }

            _output.Write(bytes);
        }
    }
}
