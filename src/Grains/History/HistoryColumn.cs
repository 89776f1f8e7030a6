namespace Orleans.Wandb.Grains.History;

/// <summary>
/// One key of a segment's rows: a tag per row, the double of every numeric cell (so charts never parse text),
/// and the JSON text of every other cell. Arrays grow with the rows actually written, so a run with a few rows
/// costs a few bytes per key, not a whole segment's worth.
/// </summary>
internal sealed class HistoryColumn(string name)
{
    public string Name { get; } = name;

    public ValueTag[] Tags { get; private set; } = [];

    public double[] Values { get; private set; } = [];

    public string?[]? Texts { get; private set; }

    public bool IsNumber(int row) => row < Tags.Length && Tags[row] is ValueTag.JsNumber or ValueTag.PythonNumber or ValueTag.TextNumber;

    public bool Has(int row) => row < Tags.Length && Tags[row] != ValueTag.Absent;

    /// <summary>The cell's JSON text exactly as the client wrote it.</summary>
    public string Text(int row) => Tags[row] switch
    {
        ValueTag.JsNumber => NumberText.Js(Values[row]),
        ValueTag.PythonNumber => NumberText.Python(Values[row]),
        _ => Texts![row]!,
    };

    public void SetNumber(int row, double value, ValueTag tag, string? text)
    {
        Grow(row);
        Tags[row] = tag;
        Values[row] = value;
        if (text is not null)
        {
            (Texts ??= new string?[Tags.Length])[row] = text;
        }
    }

    public void SetText(int row, ValueTag tag, string text)
    {
        Grow(row);
        Tags[row] = tag;
        (Texts ??= new string?[Tags.Length])[row] = text;
    }

    public void Clear(int row)
    {
        if (row < Tags.Length)
        {
            Tags[row] = ValueTag.Absent;
            if (Texts is not null)
            {
                Texts[row] = null;
            }
        }
    }

    /// <summary>Restores arrays read from storage.</summary>
    public void Load(ValueTag[] tags, double[] values, string?[]? texts)
    {
        Tags = tags;
        Values = values;
        Texts = texts;
    }

    private void Grow(int row)
    {
        if (row < Tags.Length)
        {
            return;
        }

        var size = Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)row + 1));
        var tags = Tags;
        var values = Values;
        Array.Resize(ref tags, size);
        Array.Resize(ref values, size);
        Tags = tags;
        Values = values;
        if (Texts is { } texts)
        {
            Array.Resize(ref texts, size);
            Texts = texts;
        }
    }
}
