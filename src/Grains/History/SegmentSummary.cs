using System.Text;
using System.Text.Json;
using Orleans.Wandb.Grains.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// What charts, step windows and <c>historyKeys</c> need of a segment without reading its rows: rows per block
/// and a <see cref="ColumnSummary"/> per key. Stored beside the segment and cached, so a chart over a long
/// run reads summaries, not rows.
/// </summary>
internal sealed class SegmentSummary
{
    /// <summary>Rows per block, the finest summarised resolution.</summary>
    public const int BlockRows = 64;

    private const uint Magic = 0x53484257; // "WBHS"

    private SegmentSummary(int index, int version, int capacity, int length, int[] blockRows, Dictionary<string, ColumnSummary> columns)
    {
        Index = index;
        Version = version;
        Capacity = capacity;
        Length = length;
        BlockRowCounts = blockRows;
        Columns = columns;
    }

    public int Index { get; }

    /// <summary>The segment version it describes (a mismatch with the stored segment means it is stale).</summary>
    public int Version { get; }

    public int Capacity { get; }

    public int Length { get; }

    public int[] BlockRowCounts { get; }

    public int RowCount => BlockRowCounts.Sum();

    public Dictionary<string, ColumnSummary> Columns { get; }

    public long BaseRow => (long)Index * Capacity;

    public static int BlocksOf(int capacity) => (capacity + BlockRows - 1) / BlockRows;

    /// <summary>Summarises a segment (one pass over its cells).</summary>
    public static SegmentSummary Of(HistorySegment segment, int version)
    {
        var blocks = BlocksOf(segment.Capacity);
        var blockRows = new int[blocks];
        for (var row = 0; row < segment.Length; row++)
        {
            if (segment.HasRow(row))
            {
                blockRows[row / BlockRows]++;
            }
        }

        var columns = new Dictionary<string, ColumnSummary>(StringComparer.Ordinal);
        var tagCounts = new int[(int)ValueTag.Object + 1];
        foreach (var column in segment.Columns)
        {
            var summary = new ColumnSummary(column.Name, blocks);
            var tags = column.Tags;
            var end = Math.Min(tags.Length, segment.Length);
            Array.Clear(tagCounts);
            for (var row = 0; row < end; row++)
            {
                var tag = tags[row];
                if (tag == ValueTag.Absent)
                {
                    continue;
                }

                summary.LastRow = row;
                if (tag == ValueTag.Object)
                {
                    // Media and tables carry their W&B type in "_type" (e.g. "image-file", "histogram").
                    var type = TypeTag(column.Texts![row]!) ?? "map";
                    summary.TypeCounts[type] = summary.TypeCounts.GetValueOrDefault(type) + 1;
                }
                else
                {
                    tagCounts[(int)tag]++;
                }

                if (tag is ValueTag.JsNumber or ValueTag.PythonNumber or ValueTag.TextNumber)
                {
                    var value = column.Values[row];
                    summary.Total.Add(value);
                    summary.Blocks[row / BlockRows].Add(value);
                }
            }

            AddCount(summary, "number", tagCounts[(int)ValueTag.JsNumber] + tagCounts[(int)ValueTag.PythonNumber] + tagCounts[(int)ValueTag.TextNumber]);
            AddCount(summary, "string", tagCounts[(int)ValueTag.String]);
            AddCount(summary, "boolean", tagCounts[(int)ValueTag.Boolean]);
            AddCount(summary, "nil", tagCounts[(int)ValueTag.Null]);
            AddCount(summary, "list", tagCounts[(int)ValueTag.Array]);
            summary.Present = summary.TypeCounts.Values.Sum();
            if (summary.LastRow >= 0)
            {
                summary.LastText = column.Text(summary.LastRow);
                columns[column.Name] = summary;
            }
        }

        return new SegmentSummary(segment.Index, version, segment.Capacity, segment.Length, blockRows, columns);
    }

    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Index);
            writer.Write(Version);
            writer.Write(Capacity);
            writer.Write(Length);
            foreach (var rows in BlockRowCounts)
            {
                writer.Write(rows);
            }

            writer.Write(Columns.Count);
            foreach (var column in Columns.Values)
            {
                writer.Write(column.Name);
                writer.Write(column.Present);
                writer.Write(column.LastRow);
                writer.Write(column.LastText);
                writer.Write(column.TypeCounts.Count);
                foreach (var (type, count) in column.TypeCounts)
                {
                    writer.Write(type);
                    writer.Write(count);
                }

                column.Total.Write(writer);
                foreach (var block in column.Blocks)
                {
                    block.Write(writer);
                }
            }
        }

        // A CRC-32 trailer: summaries are not fsynced, a torn one must not be read as numbers.
        var crc = System.IO.Hashing.Crc32.HashToUInt32(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(BitConverter.GetBytes(crc));
        return buffer.ToArray();
    }

    public static SegmentSummary Decode(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < 8 || System.IO.Hashing.Crc32.HashToUInt32(span[..^4]) != BitConverter.ToUInt32(span[^4..]))
        {
            throw new InvalidDataException("A history segment summary is damaged.");
        }

        try
        {
            return DecodeChecked(bytes[..^4]);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"A history segment summary is damaged: {e.Message}", e);
        }
    }

    private static SegmentSummary DecodeChecked(ReadOnlyMemory<byte> bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray(), writable: false), Encoding.UTF8);
        if (reader.ReadUInt32() != Magic)
        {
            throw new InvalidDataException("Not a history segment summary.");
        }

        var index = reader.ReadInt32();
        var version = reader.ReadInt32();
        var capacity = reader.ReadInt32();
        var length = reader.ReadInt32();
        var blocks = BlocksOf(capacity);
        var blockRows = new int[blocks];
        for (var i = 0; i < blocks; i++)
        {
            blockRows[i] = reader.ReadInt32();
        }

        var count = reader.ReadInt32();
        var columns = new Dictionary<string, ColumnSummary>(count, StringComparer.Ordinal);
        for (var c = 0; c < count; c++)
        {
            var column = new ColumnSummary(reader.ReadString(), blocks)
            {
                Present = reader.ReadInt32(),
                LastRow = reader.ReadInt32(),
                LastText = reader.ReadString(),
            };
            var types = reader.ReadInt32();
            for (var t = 0; t < types; t++)
            {
                column.TypeCounts[reader.ReadString()] = reader.ReadInt32();
            }

            column.Total = ColumnStats.Read(reader);
            for (var b = 0; b < blocks; b++)
            {
                column.Blocks[b] = ColumnStats.Read(reader);
            }

            columns[column.Name] = column;
        }

        return new SegmentSummary(index, version, capacity, length, blockRows, columns);
    }

    private static void AddCount(ColumnSummary summary, string type, int count)
    {
        if (count > 0)
        {
            summary.TypeCounts[type] = summary.TypeCounts.GetValueOrDefault(type) + count;
        }
    }

    /// <summary>The <c>_type</c> of an object value (media, tables), or null for a plain dictionary.</summary>
    internal static string? TypeTag(string rawObject)
    {
        string? tag = null;
        LenientJson.VisitMembers(rawObject, ref tag, static (ref string? t, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
        {
            if (kind == JsonValueKind.String && rawKey.SequenceEqual("_type"))
            {
                t = LenientJson.UnescapeKey(raw[1..^1]);
            }
        });
        return tag;
    }
}
