using System.Globalization;

namespace Orleans.Wandb.Tests.History;

/// <summary>
/// Random histories as clients write them: Python (<c>", "</c>, <c>repr</c> floats, NaN/Infinity tokens) or JS
/// (compact) lines, sparse metrics, gaps in the offsets, rewrites, repeated and (optionally) backward steps.
/// Also a model of the stored file (line per offset) to check answers against.
/// </summary>
public sealed class RandomHistory(int seed)
{
    private readonly Random _random = new(seed);

    public List<string?> Lines { get; } = [];

    public bool Python { get; } = seed % 2 == 0;

    public List<(int Offset, string[] Lines)> Writes { get; } = [];

    /// <summary>Generates about <paramref name="rows"/> rows in batches.</summary>
    public RandomHistory Generate(int rows, bool backwardSteps)
    {
        var step = 0L;
        var offset = 0;
        while (offset < rows)
        {
            var batch = _random.Next(1, 40);
            if (_random.Next(10) == 0)
            {
                offset += _random.Next(1, 30); // a gap: offsets never written
            }

            var start = offset;
            if (_random.Next(12) == 0 && offset > 10)
            {
                start = _random.Next(0, offset); // a rewrite of earlier lines
            }

            var lines = new string[batch];
            for (var i = 0; i < batch; i++)
            {
                if (_random.Next(8) != 0)
                {
                    step++; // otherwise a repeated step
                }

                if (backwardSteps && _random.Next(40) == 0)
                {
                    step = Math.Max(0, step - _random.Next(1, 50));
                }

                lines[i] = Line(step, start + i);
            }

            Writes.Add((start, lines));
            for (var i = 0; i < batch; i++)
            {
                while (Lines.Count <= start + i)
                {
                    Lines.Add(null);
                }

                Lines[start + i] = lines[i];
            }

            offset = Math.Max(offset, start + batch);
        }

        return this;
    }

    private string Line(long step, int offset)
    {
        var members = new List<(string Key, string Value)>();
        if (_random.Next(3) != 0)
        {
            members.Add(("loss", Number(_random.NextDouble() * Math.Pow(10, _random.Next(-8, 8)))));
        }

        if (_random.Next(4) != 0)
        {
            members.Add(("acc", _random.Next(25) switch
            {
                0 => "NaN",
                1 => "Infinity",
                2 => "-Infinity",
                3 => "1000000",
                _ => Number(_random.NextDouble()),
            }));
        }

        if (_random.Next(10) == 0)
        {
            members.Add(("img", Python ? "{\"_type\": \"image-file\", \"w\": 3, \"nested\": {\"v\": NaN}}" : "{\"_type\":\"image-file\",\"w\":3}"));
        }

        if (_random.Next(15) == 0)
        {
            members.Add(("note", "\"a \\\"quoted\\\" \\u00e9 text\""));
        }

        if (_random.Next(20) == 0)
        {
            members.Add(("big", "123456789012345678901")); // beyond 2^53: kept as text
        }

        members.Add(("_runtime", Number(offset * 0.25)));
        members.Add(("_timestamp", Number(1.7e9 + (offset * 0.25))));
        members.Add(("_step", step.ToString(CultureInfo.InvariantCulture)));
        if (_random.Next(50) == 0)
        {
            // Whitespace no encoder writes: kept whole, still returned exactly.
            return "{ \"_step\" :  " + step.ToString(CultureInfo.InvariantCulture) + " , \"loss\": 1 }";
        }

        var separator = Python ? ", " : ",";
        var colon = Python ? ": " : ":";
        return "{" + string.Join(separator, members.Select(m => $"\"{m.Key}\"{colon}{m.Value}")) + "}";
    }

    private string Number(double value)
    {
        if (Python)
        {
            // Python's repr: shortest round-trip digits, exponent below 1e-4 and from 1e16 on.
            var r = value.ToString("R", CultureInfo.InvariantCulture);
            if (r.Contains('E', StringComparison.Ordinal))
            {
                var parts = r.Split('E');
                var exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
                if (exponent is >= -4 and < 16)
                {
                    return decimal.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                }

                return parts[0] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            }

            return r.Contains('.', StringComparison.Ordinal) ? r : r + ".0";
        }

        return value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
    }
}
