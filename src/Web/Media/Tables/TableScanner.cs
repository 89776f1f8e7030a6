using System.Buffers;
using System.Text.Json;

namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>Called with each row of a table: the columns read so far, the row's index and its JSON array (valid only during the call).</summary>
public delegate void TableRowHandler(IReadOnlyList<string> columns, int index, ReadOnlySpan<byte> row);

/// <summary>As <see cref="TableRowHandler"/>, with the row's first byte's position in the stream.</summary>
public delegate void TableRowAtHandler(IReadOnlyList<string> columns, int index, long offset, ReadOnlySpan<byte> row);

/// <summary>
/// Reads a table file the clients write (<c>{"columns": [...], "data": [[...], ...], ...}</c>, wandb's
/// <c>Table._to_table_json</c>) from a stream, one row at a time: only the row being read and one read buffer are in
/// memory, so a 100,000-row table is never held whole. A single value (a row, the column list) larger than
/// <see cref="MaxValueBytes"/> or more than <see cref="MaxRows"/> rows is refused with a <see cref="TableFormatException"/>.
/// </summary>
public sealed class TableScanner
{
    /// <summary>Largest single row (or column list) in bytes.</summary>
    public const int MaxValueBytes = 16 * 1024 * 1024;

    /// <summary>Most rows read from one table: five times what an artifact table holds (<c>Table.MAX_ARTIFACT_ROWS</c>).</summary>
    public const int MaxRows = 1_000_000;

    private const int ChunkBytes = 256 * 1024;

    private readonly TableRowAtHandler _onRow;
    private long _base;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });
    private string? _property;
    private bool _started;
    private bool _inData;
    private bool _done;
    private int _rows;

    private TableScanner(TableRowAtHandler onRow) => _onRow = onRow;

    /// <summary>The column names, once read (the clients write them before the rows).</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>Rows read.</summary>
    public int RowCount => _rows;

    /// <summary>Reads the whole table from <paramref name="stream"/>, calling <paramref name="onRow"/> for each row in order.</summary>
    public static Task<TableScanner> ScanAsync(Stream stream, TableRowHandler onRow, CancellationToken cancellationToken) =>
        ScanAsync(stream, (columns, index, _, row) => onRow(columns, index, row), cancellationToken);

    /// <summary>Reads the whole table, calling <paramref name="onRow"/> for each row in order with where it starts in <paramref name="stream"/>.</summary>
    public static async Task<TableScanner> ScanAsync(Stream stream, TableRowAtHandler onRow, CancellationToken cancellationToken)
    {
        var scanner = new TableScanner(onRow);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxValueBytes)
                    {
                        throw new TableFormatException($"The table holds a row larger than {MaxValueBytes / (1024 * 1024)} MiB.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxValueBytes, buffer.Length * 2));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                filled += read;
                var final = read == 0;
                var consumed = scanner.Process(buffer.AsSpan(0, filled), final);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                scanner._base += consumed;
                if (scanner._done)
                {
                    return scanner;
                }

                if (final)
                {
                    throw new TableFormatException("The table file ends before its JSON does.");
                }
            }
        }
        catch (JsonException e)
        {
            throw new TableFormatException($"The table file is not valid JSON: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads what <paramref name="data"/> holds completely; answers how many bytes were used.</summary>
    private int Process(ReadOnlySpan<byte> data, bool final)
    {
        var reader = new Utf8JsonReader(data, final, _state);
        while (!_done)
        {
            var before = reader.CurrentState;
            var consumedBefore = reader.BytesConsumed;
            if (!reader.Read())
            {
                break;
            }

            if (!_started)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new TableFormatException("A table file is a JSON object with \"columns\" and \"data\".");
                }

                _started = true;
                continue;
            }

            if (_inData)
            {
                if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1)
                {
                    _inData = false;
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new TableFormatException($"Row {_rows} of the table is not a JSON array.");
                }

                var row = reader;
                if (!row.TrySkip())
                {
                    _state = before;
                    return (int)consumedBefore;
                }

                if (_rows >= MaxRows)
                {
                    throw new TableFormatException($"The table has more than {MaxRows} rows.");
                }

                _onRow(Columns, _rows++, _base + reader.TokenStartIndex, data[(int)reader.TokenStartIndex..(int)row.BytesConsumed]);
                reader = row;
                continue;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                    _property = reader.GetString();
                    break;
                case JsonTokenType.StartArray when _property == "data":
                    _inData = true;
                    break;
                case JsonTokenType.StartArray or JsonTokenType.StartObject:
                    var value = reader;
                    if (!value.TrySkip())
                    {
                        _state = before;
                        return (int)consumedBefore;
                    }

                    if (_property == "columns")
                    {
                        Columns = ReadColumns(data[(int)reader.TokenStartIndex..(int)value.BytesConsumed]);
                    }

                    reader = value;
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 0:
                    _done = true;
                    break;
            }
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private static List<string> ReadColumns(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var columns = new List<string>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new TableFormatException("The table's \"columns\" is not a list.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // Column names are strings for the clients, but a number in a hand-made table still names a column.
            columns.Add(reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                _ => throw new TableFormatException("A table column name is not a string."),
            });
        }

        return columns;
    }
}
