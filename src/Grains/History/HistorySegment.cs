using System.Text;
using System.Text.Json;
using Orleans.Wandb.Grains.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// A fixed range of a run's history rows (<see cref="Index"/> × capacity onward), columnar: one
/// <see cref="HistoryColumn"/> per key, plus each row's <see cref="HistoryShape"/>. A row's line comes back
/// byte for byte from its shape and cells; a line that would not (extra whitespace, duplicate keys) is also
/// kept whole as an exception, so reads are always exact, while its values still count in the columns (for a
/// key written twice, the last value, as JSON parsers read it).
/// </summary>
internal sealed class HistorySegment(int index, int capacity)
{
    private const ushort ExceptionShape = ushort.MaxValue;

    private readonly List<HistoryShape> _shapes = [];
    private readonly Dictionary<string, int> _shapeIndex = new(StringComparer.Ordinal);
    private readonly List<HistoryColumn> _columns = [];
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly List<Member> _members = [];
    private ushort[] _rowShapes = [];
    private Dictionary<int, string>? _exceptions;
    private int _lastShape = -1;

    public int Index { get; } = index;

    public int Capacity { get; } = capacity;

    /// <summary>The global index of the segment's first row.</summary>
    public long BaseRow => (long)Index * Capacity;

    /// <summary>One more than the highest row written (rows below it may be gaps).</summary>
    public int Length { get; private set; }

    /// <summary>How many rows hold a line.</summary>
    public int RowCount { get; private set; }

    /// <summary>Bumped on every change; summaries and encodings are cached against it.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<HistoryColumn> Columns => _columns;

    public IReadOnlyList<HistoryShape> Shapes => _shapes;

    public IReadOnlyDictionary<int, string>? Exceptions => _exceptions;

    public HistoryColumn? Column(string name) => _columnIndex.TryGetValue(name, out var i) ? _columns[i] : null;

    public bool HasRow(int row) => row < _rowShapes.Length && _rowShapes[row] != 0;

    /// <summary>The shape number of a row (0 = no row, <see cref="ushort.MaxValue"/> = kept whole).</summary>
    public ushort ShapeOf(int row) => row < _rowShapes.Length ? _rowShapes[row] : (ushort)0;

    /// <summary>Writes a line at a row of this segment, replacing what was there (file_stream offsets replace).</summary>
    public void Set(int row, string line)
    {
        Clear(row);
        Grow(row);
        Version++;
        RowCount++;
        Length = Math.Max(Length, row + 1);
        if (!TryStoreColumnar(row, line))
        {
            (_exceptions ??= [])[row] = line;
            _rowShapes[row] = ExceptionShape;
        }

    }

    /// <summary>Removes every row from <paramref name="length"/> on (a rewound run drops the history after its point).</summary>
    public void Truncate(int length)
    {
        if (length >= Length)
        {
            return;
        }

        for (var row = Math.Max(0, length); row < Length; row++)
        {
            Clear(row);
        }

        Length = Math.Max(0, length);
        while (Length > 0 && !HasRow(Length - 1))
        {
            Length--;
        }

        Version++;
    }

    /// <summary>The stored line of a row exactly as written, or null for a gap.</summary>
    public string? Line(int row)
    {
        var shapeNumber = ShapeOf(row);
        if (shapeNumber == 0)
        {
            return null;
        }

        if (shapeNumber == ExceptionShape)
        {
            return _exceptions![row];
        }

        var shape = _shapes[shapeNumber - 1];
        var text = new StringBuilder(16 + (shape.RawKeys.Length * 24));
        text.Append('{');
        for (var i = 0; i < shape.RawKeys.Length; i++)
        {
            if (i > 0)
            {
                text.Append(shape.Spaced ? ", " : ",");
            }

            text.Append('"').Append(shape.RawKeys[i]).Append(shape.Spaced ? "\": " : "\":");
            text.Append(_columns[shape.Columns[i]].Text(row));
        }

        return text.Append('}').ToString();
    }

    /// <summary>Restores a segment read from storage (see <see cref="SegmentCodec"/>).</summary>
    public void Load(ushort[] rowShapes, int length, List<HistoryShape> shapes, List<HistoryColumn> columns, Dictionary<int, string>? exceptions)
    {
        _rowShapes = rowShapes;
        Length = length;
        RowCount = rowShapes.Count(s => s != 0);
        foreach (var shape in shapes)
        {
            _shapeIndex[ShapeKey(shape.Spaced, shape.RawKeys)] = _shapes.Count;
            _shapes.Add(shape);
        }

        foreach (var column in columns)
        {
            _columnIndex[column.Name] = _columns.Count;
            _columns.Add(column);
        }

        _exceptions = exceptions;
    }

    private void Clear(int row)
    {
        var shapeNumber = ShapeOf(row);
        if (shapeNumber == 0)
        {
            return;
        }

        if (shapeNumber == ExceptionShape)
        {
            _exceptions!.Remove(row);
            foreach (var column in _columns)
            {
                column.Clear(row);
            }
        }
        else
        {
            foreach (var column in _shapes[shapeNumber - 1].Columns)
            {
                _columns[column].Clear(row);
            }
        }

        _rowShapes[row] = 0;
        RowCount--;
        Version++;
    }

    /// <summary>Stores the line's values in the columns; false when its text cannot be rebuilt from them.</summary>
    private bool TryStoreColumnar(int row, string line)
    {
        _members.Clear();
        var state = new Collector(line, _members);
        if (!LenientJson.VisitMembers(line, ref state, static (ref Collector c, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) => c.Add(rawKey, kind, raw)))
        {
            // Validated before it was acknowledged, so this does not happen; keep the line whole regardless.
            return false;
        }

        var exact = TryLayout(line, out var spaced);
        var columns = new int[_members.Count];
        for (var i = 0; i < _members.Count; i++)
        {
            var m = _members[i];
            var column = ColumnFor(line.AsSpan(m.KeyStart, m.KeyLength));

            // A key written twice in one line: the last value counts, and the line is kept whole.
            exact &= !_columns[column].Has(row);
            columns[i] = column;
            StoreValue(_columns[column], row, m.Kind, line.AsSpan(m.ValueStart, m.ValueLength));
        }

        if (exact)
        {
            _rowShapes[row] = (ushort)(ShapeFor(line, spaced, columns) + 1);
        }

        return exact;
    }

    private static void StoreValue(HistoryColumn column, int row, JsonValueKind kind, ReadOnlySpan<char> raw)
    {
        switch (kind)
        {
            case JsonValueKind.Number:
                var value = LenientJson.ParseNumber(raw);
                var tag = NumberText.Classify(raw, value);
                column.SetNumber(row, value, tag, tag == ValueTag.TextNumber ? raw.ToString() : null);

                break;
            case JsonValueKind.String:
                column.SetText(row, ValueTag.String, raw.ToString());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                column.SetText(row, ValueTag.Boolean, raw.ToString());
                break;
            case JsonValueKind.Null:
                column.SetText(row, ValueTag.Null, "null");
                break;
            case JsonValueKind.Array:
                column.SetText(row, ValueTag.Array, raw.ToString());
                break;
            default:
                column.SetText(row, ValueTag.Object, raw.ToString());
                break;
        }
    }

    /// <summary>
    /// True when the line is exactly <c>{"k": v, "k2": v2}</c> or <c>{"k":v,"k2":v2}</c> around its members, so
    /// that rebuilding it from keys, separators and value texts gives the same characters.
    /// </summary>
    private bool TryLayout(string line, out bool spaced)
    {
        spaced = false;
        if (_members.Count == 0)
        {
            return line == "{}";
        }

        var first = _members[0];
        if (first.KeyStart != 2 || line[0] != '{')
        {
            return false;
        }

        var gap = first.ValueStart - (first.KeyStart + first.KeyLength);
        spaced = gap == 3;
        if (gap is not (2 or 3))
        {
            return false;
        }

        for (var i = 0; i < _members.Count; i++)
        {
            var m = _members[i];
            var keyEnd = m.KeyStart + m.KeyLength;
            if (m.ValueStart - keyEnd != gap || line[keyEnd + 1] != ':' || (spaced && line[keyEnd + 2] != ' '))
            {
                return false;
            }

            var valueEnd = m.ValueStart + m.ValueLength;
            if (i + 1 < _members.Count)
            {
                if (_members[i + 1].KeyStart - valueEnd != gap || line[valueEnd] != ',' || (spaced && line[valueEnd + 1] != ' '))
                {
                    return false;
                }
            }
            else if (valueEnd != line.Length - 1)
            {
                return false;
            }
        }

        return true;
    }

    private int ColumnFor(ReadOnlySpan<char> rawKey)
    {
        var lookup = _columnIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!rawKey.Contains('\\') && lookup.TryGetValue(rawKey, out var existing))
        {
            return existing;
        }

        var name = LenientJson.UnescapeKey(rawKey);
        if (!_columnIndex.TryGetValue(name, out existing))
        {
            existing = _columns.Count;
            _columns.Add(new HistoryColumn(name));
            _columnIndex[name] = existing;
        }

        return existing;
    }

    private int ShapeFor(string line, bool spaced, int[] columns)
    {
        if (_lastShape >= 0 && Matches(_shapes[_lastShape], line, spaced))
        {
            return _lastShape;
        }

        var rawKeys = _members.Select(m => line.Substring(m.KeyStart, m.KeyLength)).ToArray();
        var key = ShapeKey(spaced, rawKeys);
        if (!_shapeIndex.TryGetValue(key, out var index))
        {
            if (_shapes.Count >= ExceptionShape - 1)
            {
                throw new InvalidOperationException("Too many row shapes in one history segment.");
            }

            index = _shapes.Count;
            _shapes.Add(new HistoryShape(spaced, rawKeys, columns));
            _shapeIndex[key] = index;
        }

        return _lastShape = index;
    }

    private bool Matches(HistoryShape shape, string line, bool spaced)
    {
        if (shape.Spaced != spaced || shape.RawKeys.Length != _members.Count)
        {
            return false;
        }

        for (var i = 0; i < _members.Count; i++)
        {
            if (!line.AsSpan(_members[i].KeyStart, _members[i].KeyLength).SequenceEqual(shape.RawKeys[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string ShapeKey(bool spaced, string[] rawKeys) => (spaced ? "s\u0001" : "c\u0001") + string.Join('\u0000', rawKeys);

    private void Grow(int row)
    {
        if (row >= Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside a segment of {Capacity} rows.");
        }

        if (row >= _rowShapes.Length)
        {
            var shapes = _rowShapes;
            Array.Resize(ref shapes, Math.Min(Capacity, Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)row + 1))));
            _rowShapes = shapes;
        }
    }

    /// <summary>Where one member of the line being stored sits in it.</summary>
    private readonly record struct Member(int KeyStart, int KeyLength, JsonValueKind Kind, int ValueStart, int ValueLength);

    private readonly struct Collector(string line, List<Member> members)
    {
        public void Add(ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw)
        {
            line.AsSpan().Overlaps(rawKey, out var keyStart);
            line.AsSpan().Overlaps(raw, out var valueStart);
            members.Add(new Member(keyStart, rawKey.Length, kind, valueStart, raw.Length));
        }
    }
}
