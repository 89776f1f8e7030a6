namespace Orleans.Wandb.Grains.History;

/// <summary>
/// The summary of one metric over a run of consecutive rows (a block, a segment, or any combination of
/// them in row order): how many finite values, their min, max, sum, first and last (in row order), and
/// whether they never decrease. NaN and ±Infinity are not counted: they cannot be drawn, and one of them
/// would poison every min, max and mean above it; they stay in the rows and come back from history reads.
/// </summary>
internal struct ColumnStats
{
    public int Count;
    public double Min;
    public double Max;
    public double Sum;
    public double First;
    public double Last;

    /// <summary>True while the finite values never decrease in row order (what makes an x-axis searchable).</summary>
    public bool Monotone;

    public static ColumnStats Empty => new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity, Monotone = true };

    public readonly double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Adds the next value in row order.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        if (Count == 0)
        {
            First = value;
        }
        else if (value < Last)
        {
            Monotone = false;
        }

        Count++;
        Sum += value;
        Last = value;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>The summary of this run of rows followed by <paramref name="next"/>.</summary>
    public readonly ColumnStats Then(in ColumnStats next)
    {
        if (next.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return next;
        }

        return new ColumnStats
        {
            Count = Count + next.Count,
            Min = Math.Min(Min, next.Min),
            Max = Math.Max(Max, next.Max),
            Sum = Sum + next.Sum,
            First = First,
            Last = next.Last,
            Monotone = Monotone && next.Monotone && Last <= next.First,
        };
    }

    public readonly void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        if (Count > 0)
        {
            writer.Write(Min);
            writer.Write(Max);
            writer.Write(Sum);
            writer.Write(First);
            writer.Write(Last);
            writer.Write(Monotone);
        }
    }

    public static ColumnStats Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count == 0)
        {
            return Empty;
        }

        return new ColumnStats
        {
            Count = count,
            Min = reader.ReadDouble(),
            Max = reader.ReadDouble(),
            Sum = reader.ReadDouble(),
            First = reader.ReadDouble(),
            Last = reader.ReadDouble(),
            Monotone = reader.ReadBoolean(),
        };
    }
}
