using System.Globalization;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// How the clients print numbers, so a stored double can give back the exact text a client sent. Python's
/// <c>repr(float)</c> and JavaScript's <c>Number#toString</c> both print the shortest round-trip digits and differ
/// only in where they switch to exponent notation and how they write it; anything else (e.g. integers beyond
/// 2^53) is kept as text by the caller.
/// </summary>
internal static class NumberText
{
    /// <summary>The text JavaScript's <c>JSON.stringify</c> writes for <paramref name="value"/>.</summary>
    public static string Js(double value) => Format(value, python: false);

    /// <summary>The text Python's <c>json.dumps</c> writes for a float <paramref name="value"/>.</summary>
    public static string Python(double value) => Format(value, python: true);

    /// <summary>
    /// How a number's text can be rebuilt from its double: <see cref="ValueTag.JsNumber"/>,
    /// <see cref="ValueTag.PythonNumber"/>, or <see cref="ValueTag.TextNumber"/> (keep the text). The common cases
    /// (integers, plain decimals) cost one allocation-free formatting.
    /// </summary>
    public static ValueTag Classify(ReadOnlySpan<char> raw, double value)
    {
        if (IsPlainInteger(raw, value))
        {
            return ValueTag.JsNumber;
        }

        if (IsShortPlainDecimal(raw))
        {
            // What the formatting below would find, without formatting (most hand-written and rounded values).
            return ValueTag.PythonNumber;
        }

        if (double.IsFinite(value))
        {
            Span<char> buffer = stackalloc char[32];
            if (value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture))
            {
                var shortest = buffer[..written];
                if (shortest.IndexOf('E') < 0 && shortest.IndexOf('.') >= 0 && raw.SequenceEqual(shortest))
                {
                    // Both clients print plain decimals with a fraction exactly like this; Python's reader rebuilds it.
                    return ValueTag.PythonNumber;
                }
            }
        }

        return IsJs(raw, value) ? ValueTag.JsNumber : IsPython(raw, value) ? ValueTag.PythonNumber : ValueTag.TextNumber;
    }

    /// <summary>True when <paramref name="raw"/> is written exactly as JavaScript would (plain integers included).</summary>
    public static bool IsJs(ReadOnlySpan<char> raw, double value) => IsPlainInteger(raw, value) || raw.SequenceEqual(Js(value));

    /// <summary>True when <paramref name="raw"/> is written exactly as Python would write the float.</summary>
    public static bool IsPython(ReadOnlySpan<char> raw, double value) => raw.SequenceEqual(Python(value));

    private static bool IsPlainInteger(ReadOnlySpan<char> raw, double value)
    {
        // The common case (steps, counters) without formatting anything: digits that parse back exactly.
        if (raw.Length is 0 or > 15 || Math.Abs(value) >= 1e15 || value != Math.Floor(value))
        {
            return false;
        }

        var start = raw[0] == '-' ? 1 : 0;
        if (start == raw.Length || (raw[start] == '0' && raw.Length > start + 1) || (start == 1 && value == 0))
        {
            return false;
        }

        for (var i = start; i < raw.Length; i++)
        {
            if (!char.IsAsciiDigit(raw[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="raw"/> is a plain decimal with a fraction (<c>-?(0|[1-9][0-9]*)\.[0-9]*[1-9]</c>) of at
    /// most 15 significant digits whose first digit is at 10^-4 to 10^14. Such text is the shortest round-trip
    /// text of its double: any two decimals of at most 15 significant digits lie further apart than a double's
    /// rounding interval, so no shorter text reaches the same double. In that range .NET, Python and JavaScript all
    /// print it as a plain decimal, so the text is what the slower check in <see cref="Classify"/> compares with.
    /// </summary>
    internal static bool IsShortPlainDecimal(ReadOnlySpan<char> raw)
    {
        var i = raw.Length > 0 && raw[0] == '-' ? 1 : 0;
        var integerStart = i;
        while (i < raw.Length && char.IsAsciiDigit(raw[i]))
        {
            i++;
        }

        var integerDigits = i - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && raw[integerStart] == '0') || i == raw.Length || raw[i] != '.')
        {
            return false;
        }

        var fractionStart = ++i;
        while (i < raw.Length && char.IsAsciiDigit(raw[i]))
        {
            i++;
        }

        var fractionDigits = i - fractionStart;
        if (i != raw.Length || fractionDigits == 0 || raw[^1] == '0')
        {
            return false;
        }

        int exponent, significant;
        if (raw[integerStart] != '0')
        {
            exponent = integerDigits - 1;
            significant = integerDigits + fractionDigits;
        }
        else
        {
            var zeros = 0;
            while (raw[fractionStart + zeros] == '0')
            {
                zeros++;
            }

            exponent = -(zeros + 1);
            significant = fractionDigits - zeros;
        }

        return significant <= 15 && exponent is >= -4 and <= 14;
    }

    private static string Format(double value, bool python)
    {
        // Fast path: .NET's shortest round-trip text is already Python's for plain decimals with a fraction.
        if (python && double.IsFinite(value))
        {
            Span<char> buffer = stackalloc char[32];
            if (value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture)
                && buffer[..written].IndexOf('E') < 0 && buffer[..written].IndexOf('.') >= 0)
            {
                return new string(buffer[..written]);
            }
        }

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return python ? (double.IsNegative(value) ? "-0.0" : "0.0") : "0";
        }

        var (digits, exponent) = ShortestDigits(Math.Abs(value));
        var sign = value < 0 ? "-" : "";
        var (low, high) = python ? (-4, 16) : (-7, 21);
        if (exponent >= low && exponent < high)
        {
            string text;
            if (exponent >= 0)
            {
                var integer = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                var fraction = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "";
                text = fraction.Length > 0 ? $"{integer}.{fraction}" : python ? integer + ".0" : integer;
            }
            else
            {
                text = "0." + new string('0', -exponent - 1) + digits;
            }

            return sign + text;
        }

        var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
        var power = python
            ? (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture)
            : (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        return $"{sign}{mantissa}e{power}";
    }

    /// <summary>The shortest round-trip significant digits (no trailing zeros) and the decimal exponent of the first.</summary>
    private static (string Digits, int Exponent) ShortestDigits(double positive)
    {
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(['E', 'e']);
        var exponent = e >= 0 ? int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var mantissa = e >= 0 ? text[..e] : text;
        var point = mantissa.IndexOf('.');
        var integerLength = point >= 0 ? point : mantissa.Length;
        var all = point >= 0 ? mantissa.Remove(point, 1) : mantissa;
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        var digits = all[leadingZeros..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, integerLength - 1 - leadingZeros + exponent);
    }
}
