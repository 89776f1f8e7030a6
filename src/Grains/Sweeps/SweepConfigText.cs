using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// Reads a sweep configuration text into a JSON tree. The Python clients send YAML (<c>yaml.dump</c> of the config
/// dict, wandb v0.16.6 wandb/sdk/internal/internal_api.py:upsert_sweep); others may send JSON. Plain YAML scalars are
/// typed as YAML 1.2's core schema types them (null, booleans, integers, floats with .inf/.nan), quoted ones are text.
/// </summary>
internal static partial class SweepConfigText
{
    /// <summary>The configuration as a JSON object; <see cref="ArgumentException"/> with the parser's position when it is not one.</summary>
    public static JsonObject Parse(string text)
    {
        var trimmed = text.TrimStart();
        JsonNode? root;
        if (trimmed.StartsWith('{'))
        {
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"Invalid sweep config: not valid JSON ({ex.Message}).");
            }
        }
        else
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                throw new ArgumentException($"Invalid sweep config: not valid YAML at line {ex.Start.Line}, column {ex.Start.Column} ({ex.Message}).");
            }

            if (stream.Documents.Count != 1)
            {
                throw new ArgumentException("Invalid sweep config: expected one YAML document.");
            }

            root = Convert(stream.Documents[0].RootNode, 0);
        }

        return root as JsonObject ?? throw new ArgumentException("Invalid sweep config: expected a mapping of settings (method, metric, parameters...).");
    }

    private static JsonNode? Convert(YamlNode node, int depth)
    {
        if (depth > 32)
        {
            throw new ArgumentException("Invalid sweep config: nested more than 32 levels deep.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : throw new ArgumentException("Invalid sweep config: mapping keys must be text.");
                    if (obj.ContainsKey(name))
                    {
                        throw new ArgumentException($"Invalid sweep config: key '{name}' appears twice.");
                    }

                    obj[name] = Convert(value, depth + 1);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, depth + 1));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new ArgumentException("Invalid sweep config: YAML aliases are not accepted.");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return value.ToLowerInvariant() switch
        {
            ".inf" or "+.inf" => JsonValue.Create(double.PositiveInfinity),
            "-.inf" => JsonValue.Create(double.NegativeInfinity),
            ".nan" => JsonValue.Create(double.NaN),
            _ => JsonValue.Create(value),
        };
    }

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
