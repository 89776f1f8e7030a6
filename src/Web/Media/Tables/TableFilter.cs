using System.Globalization;

namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// A table filter as the viewer's filter box writes it: a comparison with a number (<c>&gt; 0.5</c>, <c>&lt;= 3</c>,
/// <c>= 2</c>, <c>!= 0</c>) when a column is named, otherwise a case-insensitive substring of the cell's text.
/// </summary>
internal sealed class TableFilter
{
    private static readonly string[] Operators = [">=", "<=", "!=", ">", "<", "="];

    private readonly string _text;
    private readonly string? _operator;
    private readonly double _number;

    private TableFilter(string text, string? op, double number)
    {
        _text = text;
        _operator = op;
        _number = number;
    }

    /// <summary>The filter of <paramref name="text"/>, or null for none (empty text).</summary>
    public static TableFilter? Parse(string? text, bool columnNamed)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (columnNamed && Operators.FirstOrDefault(trimmed.StartsWith) is { } op
            && double.TryParse(trimmed[op.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new TableFilter(trimmed, op, number);
        }

        return new TableFilter(trimmed, null, 0);
    }

    /// <summary>True when the cell passes.</summary>
    public bool Matches(ReadOnlySpan<byte> cell)
    {
        if (_operator is null)
        {
            return TableCells.Text(cell).Contains(_text, StringComparison.OrdinalIgnoreCase);
        }

        if (TableCells.Number(cell) is not { } value)
        {
            return false;
        }

        return _operator switch
        {
            ">=" => value >= _number,
            "<=" => value <= _number,
            "!=" => value != _number,
            ">" => value > _number,
            "<" => value < _number,
            _ => value == _number,
        };
    }
}
