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

    /// <summary>True for a comparison with a number, which reads a cell's number; otherwise the filter reads its text.</summary>
    public bool IsComparison => _operator is not null;

    /// <summary>True when the cell passes.</summary>
    public bool Matches(ReadOnlySpan<byte> cell) =>
        IsComparison ? MatchesNumber(TableCells.Number(cell)) : MatchesText(TableCells.Text(cell));

    /// <summary>True when a cell whose text (<see cref="TableCells.Text"/>) is <paramref name="text"/> passes a substring filter.</summary>
    public bool MatchesText(ReadOnlySpan<char> text) => text.Contains(_text, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a cell whose number (<see cref="TableCells.Number"/>) is <paramref name="value"/> passes a comparison.</summary>
    public bool MatchesNumber(double? value) => value is { } number && _operator switch
    {
        ">=" => number >= _number,
        "<=" => number <= _number,
        "!=" => number != _number,
        ">" => number > _number,
        "<" => number < _number,
        _ => number == _number,
    };
}
