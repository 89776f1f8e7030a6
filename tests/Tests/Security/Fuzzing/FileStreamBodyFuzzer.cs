using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Security.Fuzzing;

/// <summary>
/// Generates malformed file_stream requests from a seed: the same seed gives the same sequence, so a failure is
/// reproduced by its seed and case number. Every case is invalid by construction (a valid body that one mutation
/// breaks), so the server must refuse each with a 4xx and store nothing of it.
/// </summary>
public sealed class FileStreamBodyFuzzer(int seed, int maxBodyBytes)
{
    private static readonly string[] KnownFiles = ["wandb-history.jsonl", "wandb-events.jsonl", "wandb-summary.json", "output.log"];

    private readonly Random _random = new(seed);

    /// <summary>The next case; <paramref name="index"/> only labels it.</summary>
    public FuzzCase Next(int index)
    {
        var kind = _random.Next(10);
        var (description, body, gzip) = kind switch
        {
            0 => TruncatedJson(),
            1 => WrongType(),
            2 => OffsetWithoutRoom(),
            3 => InvalidUtf8(),
            4 => BadGzip(),
            5 => Oversized(),
            6 => DeepNesting(),
            7 => RowThatIsNotAnObject(),
            8 => OffsetWithoutRoom(),
            _ => StructuralNonsense(),
        };

        // A quarter of the cases come as a shared-mode writer: the same refusals apply there.
        var writer = _random.Next(4) == 0 ? "fuzz-writer-" + _random.Next(3) : null;
        return new FuzzCase($"#{index} (seed {seed}) {description}", body, gzip, writer);
    }

    private JsonObject ValidBody()
    {
        var files = new JsonObject();
        foreach (var name in KnownFiles.Where(_ => _random.Next(2) == 0).DefaultIfEmpty(KnownFiles[0]))
        {
            var lines = new JsonArray();
            for (var i = 0; i < 1 + _random.Next(4); i++)
            {
                lines.Add(name == "output.log" ? $"line {i}" : Row(i));
            }

            files[name] = new JsonObject { ["offset"] = _random.Next(50), ["content"] = lines };
        }

        return new JsonObject { ["files"] = files, ["dropped"] = 0 };
    }

    private string Row(int i) => string.Create(CultureInfo.InvariantCulture, $"{{\"loss\": {_random.NextDouble():R}, \"_step\": {i}}}");

    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private (string, byte[], bool) TruncatedJson()
    {
        var body = Utf8(ValidBody());
        var cut = 1 + _random.Next(body.Length - 2);
        return ($"JSON cut after {cut} of {body.Length} bytes", body[..cut], false);
    }

    private (string, byte[], bool) WrongType()
    {
        var body = ValidBody();
        var chunk = FirstChunk(body);
        JsonNode[] wrong = new[] { "\"7\"", "true", "[]", "{}", "1.5", "-3", "\"\"" }.Select(t => JsonNode.Parse(t)!).ToArray();
        var target = _random.Next(7);
        var value = wrong[_random.Next(wrong.Length)];
        string field;
        switch (target)
        {
            case 0:
                field = "offset";
                chunk["offset"] = value;
                break;
            case 1:
                field = "content";
                chunk["content"] = value is JsonArray ? new JsonArray(1, 2) : value;
                break;
            case 2:
                field = "files";
                body["files"] = value is JsonObject ? new JsonArray() : value;
                break;
            case 3:
                field = "complete";
                body["complete"] = value.ToJsonString() == "true" ? JsonValue.Create("yes") : value;
                break;
            case 4:
                field = "exitcode";
                body["exitcode"] = value.ToJsonString() == "-3" ? JsonValue.Create(1.5) : value;
                break;
            case 5:
                field = "uploaded";
                body["uploaded"] = new JsonArray(value.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(1) : value);
                break;
            default:
                field = "content[] null";
                chunk["content"] = new JsonArray(null, JsonValue.Create("x"));
                break;
        }

        return ($"{field} of the wrong type", Utf8(body), false);
    }

    private (string, byte[], bool) OffsetWithoutRoom()
    {
        var body = ValidBody();
        var chunk = FirstChunk(body);
        string[] offsets = ["-1", "-2147483648", "2147483646", "2147483647", "2147483648", "1073741824", "10000000000", "1e300", "9223372036854775807", "1.0e3"];
        var offset = offsets[_random.Next(offsets.Length)];
        chunk["offset"] = JsonNode.Parse(offset);
        return ($"offset {offset}", Utf8(body), false);
    }

    private (string, byte[], bool) InvalidUtf8()
    {
        byte[][] sequences = [[0xC3], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
        var bad = sequences[_random.Next(sequences.Length)];
        var body = Utf8(ValidBody());
        // Inside a string, where a naive reader only notices when it decodes the string.
        var quotes = body.Select((b, i) => (b, i)).Where(p => p.b == (byte)'"').Select(p => p.i).ToArray();
        var at = quotes[_random.Next(quotes.Length)] + 1;
        return ($"invalid UTF-8 {Convert.ToHexString(bad)} at {at}", [.. body[..at], .. bad, .. body[at..]], false);
    }

    private (string, byte[], bool) BadGzip()
    {
        var plain = Utf8(ValidBody());
        switch (_random.Next(3))
        {
            case 0:
                return ("plain JSON labelled gzip", plain, true);
            case 1:
                var packed = Gzip(plain);
                return ($"gzip cut after {packed.Length / 2} bytes", packed[..(packed.Length / 2)], true);
            default:
                var corrupt = Gzip(plain);
                corrupt[^8] ^= 0xFF; // the CRC
                return ("gzip with a wrong checksum", corrupt, true);
        }
    }

    private (string, byte[], bool) Oversized()
    {
        if (_random.Next(2) == 0)
        {
            var big = new StringBuilder("""{"files":{"output.log":{"offset":0,"content":[""");
            while (big.Length <= maxBodyBytes)
            {
                big.Append('"').Append('x', 1000).Append("\",");
            }

            big.Append("\"end\"]}}}");
            return ($"body of {big.Length} bytes", Encoding.UTF8.GetBytes(big.ToString()), false);
        }

        // A gzip bomb: small on the wire, past the limit once decompressed.
        var inflated = Encoding.UTF8.GetBytes("{\"files\":{\"output.log\":{\"offset\":0,\"content\":[\"" + new string('x', maxBodyBytes * 4) + "\"]}}}");
        return ("gzip body past the limit once decompressed", Gzip(inflated), true);
    }

    private (string, byte[], bool) DeepNesting()
    {
        var depth = 65 + _random.Next(5000);
        if (_random.Next(2) == 0)
        {
            var row = new StringBuilder("{\"_step\": 1, \"deep\": ");
            row.Append('[', depth).Append('1').Append(']', depth).Append('}');
            var body = new JsonObject
            {
                ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray(row.ToString()) } },
            };
            return ($"history row nested {depth} deep", Utf8(body), false);
        }

        var outer = new StringBuilder("{\"extra\": ");
        outer.Append('[', depth).Append(']', depth).Append('}');
        return ($"body nested {depth} deep", Encoding.UTF8.GetBytes(outer.ToString()), false);
    }

    private (string, byte[], bool) RowThatIsNotAnObject()
    {
        string[] rows = ["[1, 2]", "42", "\"text\"", "{", "{\"a\": }", "{\"a\": 1} {}", "null", "{\"a\": nan}", "", "{'a': 1}"];
        var row = rows[_random.Next(rows.Length)];
        var file = KnownFiles[_random.Next(3)];
        var body = new JsonObject
        {
            ["files"] = new JsonObject { [file] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray(row) } },
        };
        return ($"{file} line '{row}'", Utf8(body), false);
    }

    private (string, byte[], bool) StructuralNonsense()
    {
        string[] bodies =
        [
            "", " ", "null", "[]", "\"files\"", "{}{}", "{\"files\": {\"output.log\": {\"offset\": 0, \"content\": []}}} x",
            "{\"files\": {\"output.log\": {\"offset\": 0, \"content\": [\"a\"]}, \"output.log\": {\"offset\": 1, \"content\": [\"b\"]}}}",
            "{\"files\": {\"\": {\"offset\": 0, \"content\": [\"a\"]}}}", "\u00ef\u00bb\u00bf{}", "{\"files\": {\"output.log\": []}}",
        ];
        var body = bodies[_random.Next(bodies.Length)];
        return ($"structure '{body[..Math.Min(body.Length, 40)]}'", Encoding.UTF8.GetBytes(body), false);
    }

    private JsonObject FirstChunk(JsonObject body) => (JsonObject)((JsonObject)body["files"]!).First().Value!;

    private static byte[] Gzip(byte[] plain)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return packed.ToArray();
    }
}
