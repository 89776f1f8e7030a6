using System.Text;
using System.Text.Json;

namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>What the pager needs of each cell of a row: its kind (for the column types), its text (for filters), its sort key.</summary>
internal static class TableCells
{
    /// <summary>The kind of each cell of <paramref name="row"/> counted into <paramref name="kinds"/> (one dictionary per column).</summary>
    public static void CountKinds(ReadOnlySpan<byte> row, List<Dictionary<string, int>> kinds)
    {
        var reader = new Utf8JsonReader(row);
        reader.Read();
        var column = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var kind = KindOf(ref reader);
            while (kinds.Count <= column)
            {
                kinds.Add([]);
            }

            if (kinds[column].Count < 16 || kinds[column].ContainsKey(kind))
            {
                kinds[column][kind] = kinds[column].GetValueOrDefault(kind) + 1;
            }

            column++;
        }
    }

    /// <summary>The cell at <paramref name="column"/>, as its JSON slice of <paramref name="row"/> (empty when the row is shorter).</summary>
    public static ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> row, int column)
    {
        var reader = new Utf8JsonReader(row);
        reader.Read();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                reader.Skip();
            }

            if (index++ == column)
            {
                return row[start..(int)reader.BytesConsumed];
            }
        }

        return [];
    }

    /// <summary>Every cell of the row, as JSON slices, into <paramref name="cells"/> (start, length).</summary>
    public static void Cells(ReadOnlySpan<byte> row, List<(int Start, int Length)> cells)
    {
        cells.Clear();
        var reader = new Utf8JsonReader(row);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                reader.Skip();
            }

            cells.Add((start, (int)reader.BytesConsumed - start));
        }
    }

    /// <summary>The text a filter matches a cell against: a string's characters, a number's digits, a media value's caption or path, other JSON as written.</summary>
    public static string Text(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return "";
        }

        var reader = new Utf8JsonReader(cell);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() ?? "",
            JsonTokenType.Null => "",
            JsonTokenType.StartObject => MediaLabel(cell) ?? Encoding.UTF8.GetString(cell),
            _ => Encoding.UTF8.GetString(cell),
        };
    }

    /// <summary>The cell's sort key: numbers (and booleans, and infinities) before texts before other values; missing, null and NaN last.</summary>
    public static TableSortKey SortKey(ReadOnlySpan<byte> cell, int row)
    {
        if (cell.IsEmpty)
        {
            return new TableSortKey(3, 0, null, row);
        }

        var reader = new Utf8JsonReader(cell);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number => new TableSortKey(0, reader.TryGetDouble(out var d) ? d : 0, null, row),
            JsonTokenType.True => new TableSortKey(0, 1, null, row),
            JsonTokenType.False => new TableSortKey(0, 0, null, row),
            JsonTokenType.String when NonFinite(ref reader) is { } d => double.IsNaN(d) ? new TableSortKey(3, 0, null, row) : new TableSortKey(0, d, null, row),
            JsonTokenType.String => new TableSortKey(1, 0, reader.GetString(), row),
            JsonTokenType.Null => new TableSortKey(3, 0, null, row),
            _ => new TableSortKey(2, 0, Text(cell), row),
        };
    }

    /// <summary>The number a cell holds, if it holds one (numbers and numeric texts).</summary>
    public static double? Number(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(cell);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetDouble(out var d) => d,
            JsonTokenType.True => 1,
            JsonTokenType.False => 0,
            JsonTokenType.String when double.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    private static string KindOf(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return "number";
            case JsonTokenType.String:
                return NonFinite(ref reader) is null ? "string" : "number";
            case JsonTokenType.True or JsonTokenType.False:
                return "boolean";
            case JsonTokenType.Null:
                return "none";
            case JsonTokenType.StartArray:
                reader.Skip();
                return "list";
            default:
                // An object: a media value when it carries the clients' "_type" (image-file, audio-file, …).
                var depth = reader.CurrentDepth;
                string? type = null;
                while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("_type"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            type = reader.GetString();
                        }
                    }

                    if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject && reader.CurrentDepth > depth)
                    {
                        reader.Skip();
                    }
                }

                return type is { Length: > 0 and <= 64 } ? type : "object";
        }
    }

    /// <summary>The number of a string cell written for Python's NaN, Infinity or -Infinity (<see cref="NonFiniteNumbers"/>).</summary>
    private static double? NonFinite(ref Utf8JsonReader reader) =>
        reader.ValueSpan.Length is >= 3 and <= 9 && !reader.ValueIsEscaped ? NonFiniteNumbers.Parse(reader.GetString()) : null;

    private static string? MediaLabel(ReadOnlySpan<byte> cell)
    {
        var reader = new Utf8JsonReader(cell);
        reader.Read();
        string? caption = null, path = null;
        while (reader.Read() && reader.CurrentDepth > 0)
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var isCaption = reader.ValueTextEquals("caption"u8);
                var isPath = reader.ValueTextEquals("path"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (isCaption)
                    {
                        caption = reader.GetString();
                    }
                    else if (isPath)
                    {
                        path = reader.GetString();
                    }
                }
            }

            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                reader.Skip();
            }
        }

        return caption ?? path;
    }
}
