using System.Globalization;
using System.Text.Json;

namespace Orleans.Wandb.Grains.Json;

/// <summary>
/// A small JSON scanner that also accepts the bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> tokens the
/// Python clients write (System.Text.Json rejects them with every option). It validates and walks the top
/// level of an object without building a DOM or allocating, which keeps validation cheap on the ingest path.
/// </summary>
internal static partial class LenientJson
{
    /// <summary>Visits one member of an object: its raw (still escaped) key, value kind and raw value text.</summary>
    public delegate void MemberVisitor<TState>(ref TState state, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> rawValue);

    /// <summary>True when <paramref name="text"/> is exactly one JSON object (surrounding whitespace allowed).</summary>
    public static bool IsObject(ReadOnlySpan<char> text, out string? error)
    {
        var reader = new Scanner(text);
        reader.SkipWhitespace();
        if (!reader.Peek('{'))
        {
            error = "expected a JSON object";
            return false;
        }

        if (!reader.SkipValue(out _) || !reader.AtEndAfterWhitespace())
        {
            error = reader.Error ?? "unexpected text after the JSON object";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Calls <paramref name="visitor"/> for each top-level member of an object; false when it is not one.</summary>
    public static bool VisitMembers<TState>(ReadOnlySpan<char> text, ref TState state, MemberVisitor<TState> visitor)
    {
        var reader = new Scanner(text);
        reader.SkipWhitespace();
        if (!reader.TryConsume('{'))
        {
            return false;
        }

        reader.SkipWhitespace();
        if (reader.TryConsume('}'))
        {
            return true;
        }

        while (true)
        {
            reader.SkipWhitespace();
            var keyStart = reader.Position;
            if (!reader.Peek('"') || !reader.SkipString())
            {
                return false;
            }

            var rawKey = text[(keyStart + 1)..(reader.Position - 1)];
            reader.SkipWhitespace();
            if (!reader.TryConsume(':'))
            {
                return false;
            }

            reader.SkipWhitespace();
            var valueStart = reader.Position;
            if (!reader.SkipValue(out var kind))
            {
                return false;
            }

            visitor(ref state, rawKey, kind, text[valueStart..reader.Position]);
            reader.SkipWhitespace();
            if (reader.TryConsume(','))
            {
                continue;
            }

            return reader.TryConsume('}');
        }
    }

    /// <summary>The numeric value of a top-level member (e.g. <c>_step</c>), or null when absent or not a number.</summary>
    public static double? GetTopLevelNumber(ReadOnlySpan<char> text, string key)
    {
        var state = new NumberLookup(key);
        VisitMembers(text, ref state, static (ref NumberLookup s, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
        {
            if (kind == JsonValueKind.Number && rawKey.SequenceEqual(s.Key))
            {
                s.Value = ParseNumber(raw);
            }
        });
        return state.Value;
    }

    /// <summary>Parses a raw number token, including the NaN/Infinity tokens.</summary>
    public static double ParseNumber(ReadOnlySpan<char> raw) => raw switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>True for the three tokens standard JSON does not have.</summary>
    public static bool IsNonStandardNumber(ReadOnlySpan<char> raw) => raw is "NaN" or "Infinity" or "-Infinity";

    /// <summary>The key with its JSON escapes resolved.</summary>
    public static string UnescapeKey(ReadOnlySpan<char> rawKey) =>
        rawKey.Contains('\\') ? JsonSerializer.Deserialize<string>("\"" + rawKey.ToString() + "\"")! : rawKey.ToString();

    private struct NumberLookup(string key)
    {
        public readonly string Key = key;
        public double? Value;
    }

    /// <summary>Cursor over the text; recursion depth is bounded so hostile input cannot overflow the stack.</summary>
    private ref struct Scanner(ReadOnlySpan<char> text)
    {
        private const int MaxDepth = 64;
        private readonly ReadOnlySpan<char> _text = text;
        private int _pos;

        public string? Error { get; private set; }

        public readonly int Position => _pos;

        public readonly bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

        public bool TryConsume(char c)
        {
            if (Peek(c))
            {
                _pos++;
                return true;
            }

            return false;
        }

        public void SkipWhitespace()
        {
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
        }

        public bool AtEndAfterWhitespace()
        {
            SkipWhitespace();
            return _pos == _text.Length;
        }

        public bool SkipValue(out JsonValueKind kind) => Value(0, out kind);

        public bool SkipString()
        {
            _pos++;
            while (_pos < _text.Length)
            {
                var c = _text[_pos++];
                if (c == '"')
                {
                    return true;
                }

                if (c == '\\')
                {
                    if (_pos >= _text.Length)
                    {
                        break;
                    }

                    var e = _text[_pos++];
                    if (e == 'u')
                    {
                        if (_pos + 4 > _text.Length || !IsHex(_text[_pos]) || !IsHex(_text[_pos + 1])
                            || !IsHex(_text[_pos + 2]) || !IsHex(_text[_pos + 3]))
                        {
                            return Fail("invalid \\u escape in a string");
                        }

                        _pos += 4;
                    }
                    else if (e is not ('"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't'))
                    {
                        return Fail("invalid escape in a string");
                    }
                }
                else if (c < ' ')
                {
                    return Fail("control character in a string");
                }
            }

            return Fail("unterminated string");
        }

        private bool Value(int depth, out JsonValueKind kind)
        {
            kind = JsonValueKind.Undefined;
            if (_pos >= _text.Length)
            {
                return Fail("unexpected end of text");
            }

            switch (_text[_pos])
            {
                case '{':
                    kind = JsonValueKind.Object;
                    return Object(depth + 1);
                case '[':
                    kind = JsonValueKind.Array;
                    return Array(depth + 1);
                case '"':
                    kind = JsonValueKind.String;
                    return SkipString();
                case 't':
                    kind = JsonValueKind.True;
                    return Literal("true");
                case 'f':
                    kind = JsonValueKind.False;
                    return Literal("false");
                case 'n':
                    kind = JsonValueKind.Null;
                    return Literal("null");
                case 'N':
                    kind = JsonValueKind.Number;
                    return Literal("NaN");
                case 'I':
                    kind = JsonValueKind.Number;
                    return Literal("Infinity");
                case '-' when _pos + 1 < _text.Length && _text[_pos + 1] == 'I':
                    kind = JsonValueKind.Number;
                    return Literal("-Infinity");
                case '-' or (>= '0' and <= '9'):
                    kind = JsonValueKind.Number;
                    return Number();
                default:
                    return Fail($"unexpected character '{_text[_pos]}'");
            }
        }

        private bool Object(int depth)
        {
            if (depth > MaxDepth)
            {
                return Fail("nesting too deep");
            }

            _pos++;
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return true;
            }

            while (true)
            {
                SkipWhitespace();
                if (!Peek('"'))
                {
                    return Fail("expected a property name");
                }

                if (!SkipString())
                {
                    return false;
                }

                SkipWhitespace();
                if (!TryConsume(':'))
                {
                    return Fail("expected ':' after a property name");
                }

                SkipWhitespace();
                if (!Value(depth, out _))
                {
                    return false;
                }

                SkipWhitespace();
                if (TryConsume(','))
                {
                    continue;
                }

                return TryConsume('}') || Fail("expected ',' or '}' in an object");
            }
        }

        private bool Array(int depth)
        {
            if (depth > MaxDepth)
            {
                return Fail("nesting too deep");
            }

            _pos++;
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return true;
            }

            while (true)
            {
                SkipWhitespace();
                if (!Value(depth, out _))
                {
                    return false;
                }

                SkipWhitespace();
                if (TryConsume(','))
                {
                    continue;
                }

                return TryConsume(']') || Fail("expected ',' or ']' in an array");
            }
        }

        private bool Number()
        {
            TryConsume('-');
            if (TryConsume('0'))
            {
                // A leading zero stands alone.
            }
            else if (!Digits())
            {
                return Fail("invalid number");
            }

            if (TryConsume('.') && !Digits())
            {
                return Fail("invalid number");
            }

            if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
            {
                _pos++;
                if (_pos < _text.Length && _text[_pos] is '+' or '-')
                {
                    _pos++;
                }

                if (!Digits())
                {
                    return Fail("invalid number");
                }
            }

            return true;
        }

        private bool Digits()
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            return _pos > start;
        }

        private bool Literal(string literal)
        {
            if (_text[_pos..].StartsWith(literal, StringComparison.Ordinal))
            {
                _pos += literal.Length;
                return true;
            }

            return Fail($"invalid literal at position {_pos}");
        }

        private bool Fail(string message)
        {
            Error ??= $"{message} (at position {_pos})";
            return false;
        }

        private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
    }
}
