using System.Text.Json;
using System.Text.Unicode;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Web.FileStream;

/// <summary>
/// Parses a <c>file_stream</c> body into a <see cref="FileStreamBatch"/> with one forward pass of
/// <see cref="Utf8JsonReader"/> (the outer request is standard JSON; bare NaN tokens only occur inside the
/// line strings, which are kept verbatim). Unknown top-level fields are skipped for forward compatibility;
/// known fields of the wrong type are rejected with a message that names them.
/// </summary>
public static class FileStreamRequestReader
{
    /// <summary>Parses the body, or throws <see cref="FileStreamFormatException"/> naming the problem.</summary>
    public static FileStreamBatch Read(ReadOnlySpan<byte> body, long userId)
    {
        // Utf8JsonReader only finds bad UTF-8 when a string is decoded, with an exception that does not say so.
        if (!Utf8.IsValid(body))
        {
            throw new FileStreamFormatException("The body is not valid UTF-8.");
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            return ReadBatch(ref reader, userId);
        }
        catch (JsonException e)
        {
            throw new FileStreamFormatException($"The body is not valid JSON: {e.Message}");
        }
    }

    private static FileStreamBatch ReadBatch(ref Utf8JsonReader reader, long userId)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FileStreamFormatException("The body must be a JSON object.");
        }

        var batch = new FileStreamBatch { UserId = userId };
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "files":
                    batch = batch with { Files = ReadFiles(ref reader) };
                    break;
                case "complete":
                    batch = batch with { Complete = ReadBool(ref reader, "complete") };
                    break;
                case "preempting":
                    batch = batch with { Preempting = ReadBool(ref reader, "preempting") };
                    break;
                case "exitcode":
                    batch = batch with { ExitCode = ReadOptionalInt(ref reader, "exitcode") };
                    break;
                case "dropped":
                    batch = batch with { Dropped = ReadOptionalInt(ref reader, "dropped") ?? 0 };
                    break;
                case "uploaded":
                    batch = batch with { Uploaded = ReadStringArray(ref reader, "uploaded") };
                    break;
                case "failed":
                    ReadBool(ref reader, "failed");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.Read())
        {
            throw new FileStreamFormatException("Unexpected data after the JSON object.");
        }

        return batch;
    }

    private static List<FileChunk> ReadFiles(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref reader, JsonTokenType.StartObject, "files", "an object of file name to {offset, content}");
        var files = new List<FileChunk>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            files.Add(ReadChunk(ref reader, name));
        }

        return files;
    }

    private static FileChunk ReadChunk(ref Utf8JsonReader reader, string name)
    {
        if (name.Length == 0)
        {
            throw new FileStreamFormatException("files: a file name is empty.");
        }

        Expect(ref reader, JsonTokenType.StartObject, $"files[\"{name}\"]", "an object with offset and content");
        var offset = 0;
        IReadOnlyList<string> lines = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "offset":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out offset) || offset < 0)
                    {
                        throw new FileStreamFormatException($"files[\"{name}\"].offset must be a non-negative integer.");
                    }

                    break;
                case "content":
                    lines = ReadStringArray(ref reader, $"files[\"{name}\"].content");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new FileChunk(name, offset, lines);
    }

    private static List<string> ReadStringArray(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref reader, JsonTokenType.StartArray, field, "an array of strings");
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new FileStreamFormatException($"{field}[{values.Count}] must be a string.");
            }

            values.Add(reader.GetString()!);
        }

        return values;
    }

    private static bool ReadBool(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        _ => throw new FileStreamFormatException($"{field} must be true or false."),
    };

    private static int? ReadOptionalInt(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
        {
            throw new FileStreamFormatException($"{field} must be an integer or null.");
        }

        return value;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string field, string what)
    {
        if (reader.TokenType != type)
        {
            throw new FileStreamFormatException($"{field} must be {what}.");
        }
    }
}
