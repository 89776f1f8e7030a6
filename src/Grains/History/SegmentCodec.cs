using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ZstdSharp;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// The stored form of a <see cref="HistorySegment"/>: <c>magic:u32 version:i32</c>, then a zstd frame holding
/// row shapes, the shape table, and per column its tags, its doubles (each XORed with the previous one and split
/// into byte planes, so steps, times and slowly moving metrics compress to a few bits) and its texts.
/// </summary>
internal static class SegmentCodec
{
    private const uint Magic = 0x53444257; // "WBDS"
    private const int CompressionLevel = 3;

    // Encoding and decoding never await, so per-thread scratch state is safe; a zstd context and a growing
    // buffer per call would otherwise cost more than the compression itself (and feed the large-object heap).
    [ThreadStatic]
    private static Compressor? _compressor;

    [ThreadStatic]
    private static Decompressor? _decompressor;

    [ThreadStatic]
    private static MemoryStream? _scratch;

    public static byte[] Encode(HistorySegment segment, int version)
    {
        var buffer = _scratch ??= new MemoryStream();
        buffer.SetLength(0);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(segment.Index);
            writer.Write(segment.Capacity);
            writer.Write(segment.Length);
            for (var row = 0; row < segment.Length; row++)
            {
                writer.Write(segment.ShapeOf(row));
            }

            writer.Write(segment.Shapes.Count);
            foreach (var shape in segment.Shapes)
            {
                writer.Write(shape.Spaced);
                writer.Write(shape.RawKeys.Length);
                for (var i = 0; i < shape.RawKeys.Length; i++)
                {
                    writer.Write(shape.RawKeys[i]);
                    writer.Write(shape.Columns[i]);
                }
            }

            writer.Write(segment.Columns.Count);
            foreach (var column in segment.Columns)
            {
                WriteColumn(writer, column, segment.Length);
            }

            var exceptions = segment.Exceptions;
            writer.Write(exceptions?.Count ?? 0);
            foreach (var (row, line) in exceptions ?? new Dictionary<int, string>())
            {
                writer.Write(row);
                writer.Write(line);
            }
        }

        if (_compressor is null)
        {
            _compressor = new Compressor(CompressionLevel);

            // The frame checksum lets a reader tell a blob torn by a power loss from a real one (blobs are not fsynced).
            _compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        }

        // Compressed into a pooled buffer, then copied once into a blob of the exact size: segments run to
        // hundreds of KB, and every extra array of that size would be a large-object allocation.
        var scratch = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound((int)buffer.Length));
        try
        {
            var written = _compressor.Wrap(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), scratch);
            var result = new byte[8 + written];
            BinaryPrimitives.WriteUInt32LittleEndian(result, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(4), version);
            scratch.AsSpan(0, written).CopyTo(result.AsSpan(8));
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>The version stamped on stored bytes, without decompressing them.</summary>
    public static int VersionOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException("Not a history segment.");
        }

        return BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
    }

    public static HistorySegment Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return DecodeChecked(bytes);
        }
        catch (Exception e) when (e is ZstdException or EndOfStreamException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"A history segment is damaged: {e.Message}", e);
        }
    }

    private static HistorySegment DecodeChecked(ReadOnlySpan<byte> bytes)
    {
        VersionOf(bytes);
        var plain = (_decompressor ??= new Decompressor()).Unwrap(bytes[8..]).ToArray();
        using var reader = new BinaryReader(new MemoryStream(plain, writable: false), Encoding.UTF8);
        var segment = new HistorySegment(reader.ReadInt32(), reader.ReadInt32());
        var length = reader.ReadInt32();
        var rowShapes = new ushort[Math.Max(length, 1)];
        for (var row = 0; row < length; row++)
        {
            rowShapes[row] = reader.ReadUInt16();
        }

        var shapes = new List<HistoryShape>();
        for (int s = 0, count = reader.ReadInt32(); s < count; s++)
        {
            var spaced = reader.ReadBoolean();
            var keys = reader.ReadInt32();
            var rawKeys = new string[keys];
            var columnIndexes = new int[keys];
            for (var i = 0; i < keys; i++)
            {
                rawKeys[i] = reader.ReadString();
                columnIndexes[i] = reader.ReadInt32();
            }

            shapes.Add(new HistoryShape(spaced, rawKeys, columnIndexes));
        }

        var columns = new List<HistoryColumn>();
        for (int c = 0, count = reader.ReadInt32(); c < count; c++)
        {
            columns.Add(ReadColumn(reader, length));
        }

        Dictionary<int, string>? exceptions = null;
        for (int e = 0, count = reader.ReadInt32(); e < count; e++)
        {
            (exceptions ??= [])[reader.ReadInt32()] = reader.ReadString();
        }

        segment.Load(rowShapes, length, shapes, columns, exceptions);
        return segment;
    }

    private static void WriteColumn(BinaryWriter writer, HistoryColumn column, int length)
    {
        writer.Write(column.Name);
        var tags = column.Tags;
        var numbers = new List<double>();
        var texts = new List<string>();
        for (var row = 0; row < length; row++)
        {
            var tag = row < tags.Length ? tags[row] : ValueTag.Absent;
            writer.Write((byte)tag);
            if (tag is ValueTag.JsNumber or ValueTag.PythonNumber or ValueTag.TextNumber)
            {
                numbers.Add(column.Values[row]);
            }

            if (tag is not (ValueTag.Absent or ValueTag.JsNumber or ValueTag.PythonNumber))
            {
                texts.Add(column.Texts![row]!);
            }
        }

        writer.Write(numbers.Count);
        var planes = new byte[numbers.Count * 8];
        long previous = 0;
        for (var i = 0; i < numbers.Count; i++)
        {
            var bits = BitConverter.DoubleToInt64Bits(numbers[i]);
            var xor = bits ^ previous;
            previous = bits;
            for (var p = 0; p < 8; p++)
            {
                planes[(p * numbers.Count) + i] = (byte)(xor >> (8 * p));
            }
        }

        writer.Write(planes);
        writer.Write(texts.Count);
        foreach (var text in texts)
        {
            writer.Write(text);
        }
    }

    private static HistoryColumn ReadColumn(BinaryReader reader, int length)
    {
        var column = new HistoryColumn(reader.ReadString());
        var size = Math.Max(length, 1);
        var tags = new ValueTag[size];
        for (var row = 0; row < length; row++)
        {
            tags[row] = (ValueTag)reader.ReadByte();
        }

        var count = reader.ReadInt32();
        var planes = reader.ReadBytes(count * 8);
        var numbers = new double[count];
        long previous = 0;
        for (var i = 0; i < count; i++)
        {
            long xor = 0;
            for (var p = 0; p < 8; p++)
            {
                xor |= (long)planes[(p * count) + i] << (8 * p);
            }

            previous ^= xor;
            numbers[i] = BitConverter.Int64BitsToDouble(previous);
        }

        var textCount = reader.ReadInt32();
        var values = new double[size];
        string?[]? texts = textCount > 0 ? new string?[size] : null;
        var n = 0;
        var t = 0;
        for (var row = 0; row < length; row++)
        {
            var tag = tags[row];
            if (tag is ValueTag.JsNumber or ValueTag.PythonNumber or ValueTag.TextNumber)
            {
                values[row] = numbers[n++];
            }

            if (tag is not (ValueTag.Absent or ValueTag.JsNumber or ValueTag.PythonNumber))
            {
                texts![row] = reader.ReadString();
                t++;
            }
        }

        column.Load(tags, values, texts);
        return column;
    }
}
