using System.Globalization;
using System.Text;

namespace Orleans.Wandb.Web.GraphQL.Json;

/// <summary>
/// Parses JSON text that may contain the bare tokens <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, which the
/// Python clients write into history, summary and config lines and which System.Text.Json refuses at any setting.
/// Produces plain values: ordered <see cref="Dictionary{TKey,TValue}"/> objects, <see cref="List{T}"/> arrays,
/// strings, <see cref="long"/> or <see cref="double"/> numbers, booleans and null.
/// </summary>
public static class TolerantJson
{
    /// <summary>Parses one JSON value; throws <see cref="FormatException"/> when the text is not JSON.</summary>
    public static object? Parse(string text)
    {
        var reader = new Reader(text);
        reader.SkipWhitespace();
        var value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (!reader.AtEnd)
        {
            throw reader.Error("unexpected text after the JSON value");
        }

        return value;
    }

    /// <summary>Parses a JSON object; returns null when the text is not a JSON object.</summary>
    public static Dictionary<string, object?>? TryParseObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return Parse(text) as Dictionary<string, object?>;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private ref struct Reader(string text)
    {
        // Deep nesting is legal JSON but would exhaust the stack; history rows are shallow.
        private const int MaxDepth = 128;

        private readonly string _text = text;
        private int _position;

        public readonly bool AtEnd => _position >= _text.Length;

        public void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\r' or '\n')
            {
                _position++;
            }
        }

        public object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nesting is too deep");
            }

            if (AtEnd)
            {
                throw Error("unexpected end of text");
            }

            var c = _text[_position];
            switch (c)
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    return ReadString();
                case 't':
                    Expect("true");
                    return true;
                case 'f':
                    Expect("false");
                    return false;
                case 'n':
                    Expect("null");
                    return null;
                case 'N':
                    Expect("NaN");
                    return double.NaN;
                case 'I':
                    Expect("Infinity");
                    return double.PositiveInfinity;
                case '-' when _position + 1 < _text.Length && _text[_position + 1] == 'I':
                    Expect("-Infinity");
                    return double.NegativeInfinity;
                default:
                    if (c == '-' || char.IsAsciiDigit(c))
                    {
                        return ReadNumber();
                    }

                    throw Error($"unexpected character '{c}'");
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            _position++;
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (AtEnd || _text[_position] != '"')
                {
                    throw Error("expected a property name");
                }

                var key = ReadString();
                SkipWhitespace();
                if (!TryConsume(':'))
                {
                    throw Error("expected ':'");
                }

                SkipWhitespace();
                result[key] = ReadValue(depth + 1);
                SkipWhitespace();
                if (TryConsume('}'))
                {
                    return result;
                }

                if (!TryConsume(','))
                {
                    throw Error("expected ',' or '}'");
                }
            }
        }

        private List<object?> ReadArray(int depth)
        {
            _position++;
            var result = new List<object?>();
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                result.Add(ReadValue(depth + 1));
                SkipWhitespace();
                if (TryConsume(']'))
                {
                    return result;
                }

                if (!TryConsume(','))
                {
                    throw Error("expected ',' or ']'");
                }
            }
        }

        private string ReadString()
        {
            _position++;
            var start = _position;
            while (_position < _text.Length && _text[_position] != '"' && _text[_position] != '\\')
            {
                _position++;
            }

            if (_position < _text.Length && _text[_position] == '"')
            {
                // The common case: no escapes, one substring.
                return _text[start..(_position++)];
            }

            var builder = new StringBuilder(_text, start, _position - start, (_position - start) + 16);
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated string");
                }

                var c = _text[_position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    throw Error("unterminated escape");
                }

                var escape = _text[_position++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length ||
                            !int.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Error("invalid \\u escape");
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw Error($"invalid escape '\\{escape}'");
                }
            }
        }

        private object ReadNumber()
        {
            var start = _position;
            var isInteger = true;
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (char.IsAsciiDigit(c) || c == '-')
                {
                    _position++;
                }
                else if (c is '.' or 'e' or 'E' or '+')
                {
                    isInteger = false;
                    _position++;
                }
                else
                {
                    break;
                }
            }

            var span = _text.AsSpan(start, _position - start);
            if (isInteger && long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }

            if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return real;
            }

            throw Error("invalid number");
        }

        private void Expect(string token)
        {
            if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
            {
                throw Error($"expected '{token}'");
            }

            _position += token.Length;
        }

        private bool TryConsume(char c)
        {
            if (_position < _text.Length && _text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        public readonly FormatException Error(string problem) =>
            new($"Invalid JSON at position {_position}: {problem}.");
    }
}
