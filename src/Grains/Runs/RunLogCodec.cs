using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// The binary form of one file_stream batch in a run log. Layout (little endian):
/// <c>version:u8 flags:u8 exitCode:i32 atUnixMs:i64 fileCount:u16</c>, then per file
/// <c>kind:u8 [nameLength:i32 name] offset:i32 lineCount:i32</c> and per line <c>length:i32 utf8</c>.
/// The time is in the record so that a replay sets <c>heartbeatAt</c> exactly as the live append did.
/// Version 2 is a shared-mode writer's batch (see <see cref="SharedWriters"/>): the version 1 layout followed by
/// <c>writerIdLength:i32 writerId</c> and the writer's own offset of each chunk, <c>clientOffset:i32</c> per file.
/// Version 1 records stay as they were, so logs written before shared mode read unchanged.
/// Version 3 is a rewind (see <see cref="HistoryTruncation"/>): the header with no files, then
/// <c>rows:i32 summaryLength:i32 summary tailCount:i32</c> and per tail line <c>index:i32 length:i32 utf8</c>.
/// </summary>
internal static class RunLogCodec
{
    private const byte Version = 1;
    private const byte SharedVersion = 2;
    private const byte TruncationVersion = 3;
    private const byte CompleteFlag = 1;
    private const byte ExitCodeFlag = 2;
    private const byte PreemptingFlag = 4;
    private const int HeaderSize = 16;

    /// <summary>Encodes a validated batch into one pooled buffer (sized exactly, one pass per line to measure).</summary>
    public static EncodedRecord Encode(FileStreamBatch batch, DateTimeOffset at) => Encode(batch, at, shared: null);

    /// <summary>Encodes a shared-mode writer's batch, already at run offsets, with the writer's own offsets.</summary>
    public static EncodedRecord Encode(SharedBatch shared, DateTimeOffset at) => Encode(shared.Batch, at, shared);

    private static EncodedRecord Encode(FileStreamBatch batch, DateTimeOffset at, SharedBatch? shared)
    {
        var size = HeaderSize;
        if (shared is not null)
        {
            size += 4 + Encoding.UTF8.GetByteCount(shared.WriterId) + 4 * batch.Files.Count;
        }

        foreach (var chunk in batch.Files)
        {
            var kind = StreamFileKinds.Of(chunk.Name);
            size += 9 + (kind == StreamFileKind.Other ? 4 + Encoding.UTF8.GetByteCount(chunk.Name) : 0);
            foreach (var line in chunk.Lines)
            {
                size += 4 + Encoding.UTF8.GetByteCount(StoredLine(kind, line));
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var span = buffer.AsSpan();
        span[0] = shared is null ? Version : SharedVersion;
        span[1] = (byte)((batch.Complete ? CompleteFlag : 0) | (batch.ExitCode.HasValue ? ExitCodeFlag : 0)
            | (batch.Preempting ? PreemptingFlag : 0));
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], batch.ExitCode ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(span[6..], at.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], checked((ushort)batch.Files.Count));
        var pos = HeaderSize;
        foreach (var chunk in batch.Files)
        {
            var kind = StreamFileKinds.Of(chunk.Name);
            span[pos++] = (byte)kind;
            if (kind == StreamFileKind.Other)
            {
                pos += WriteString(span[pos..], chunk.Name);
            }

            BinaryPrimitives.WriteInt32LittleEndian(span[pos..], chunk.Offset);
            BinaryPrimitives.WriteInt32LittleEndian(span[(pos + 4)..], chunk.Lines.Count);
            pos += 8;
            foreach (var line in chunk.Lines)
            {
                pos += WriteString(span[pos..], StoredLine(kind, line));
            }
        }

        if (shared is not null)
        {
            pos += WriteString(span[pos..], shared.WriterId);
            foreach (var clientOffset in shared.ClientOffsets)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[pos..], clientOffset);
                pos += 4;
            }
        }

        return new EncodedRecord(buffer, pos);
    }

    /// <summary>Encodes a rewind.</summary>
    public static EncodedRecord Encode(HistoryTruncation truncation, DateTimeOffset at)
    {
        var size = HeaderSize + 12 + Encoding.UTF8.GetByteCount(truncation.Summary)
                   + truncation.Tail.Sum(t => 8 + Encoding.UTF8.GetByteCount(t.Line));
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var span = buffer.AsSpan(0, size);
        span[..HeaderSize].Clear();
        span[0] = TruncationVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[6..], at.ToUnixTimeMilliseconds());
        var pos = HeaderSize;
        BinaryPrimitives.WriteInt32LittleEndian(span[pos..], truncation.Rows);
        pos += 4;
        pos += WriteString(span[pos..], truncation.Summary);
        BinaryPrimitives.WriteInt32LittleEndian(span[pos..], truncation.Tail.Count);
        pos += 4;
        foreach (var line in truncation.Tail)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[pos..], line.Index);
            pos += 4;
            pos += WriteString(span[pos..], line.Line);
        }

        return new EncodedRecord(buffer, pos);
    }

    /// <summary>Decodes a record; lines stay undecoded bytes until read (see <see cref="LazyLines"/>).</summary>
    public static DecodedRecord Decode(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        if (span.Length < HeaderSize || span[0] is not (Version or SharedVersion or TruncationVersion))
        {
            throw new InvalidDataException($"Unknown run-log record version {(span.Length > 0 ? span[0] : -1)}.");
        }

        if (span[0] == TruncationVersion)
        {
            return DecodeTruncation(span);
        }

        var flags = span[1];
        var exitCode = BinaryPrimitives.ReadInt32LittleEndian(span[2..]);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[6..]));
        var fileCount = BinaryPrimitives.ReadUInt16LittleEndian(span[14..]);
        var files = new FileChunk[fileCount];
        var pos = HeaderSize;
        for (var f = 0; f < fileCount; f++)
        {
            var kind = (StreamFileKind)span[pos++];
            string name;
            if (kind == StreamFileKind.Other)
            {
                var nameLength = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
                name = Encoding.UTF8.GetString(span.Slice(pos + 4, nameLength));
                pos += 4 + nameLength;
            }
            else
            {
                name = StreamFileKinds.NameOf(kind);
            }

            var offset = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
            var count = BinaryPrimitives.ReadInt32LittleEndian(span[(pos + 4)..]);
            pos += 8;
            var starts = new int[count];
            var lengths = new int[count];
            for (var i = 0; i < count; i++)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
                starts[i] = pos + 4;
                lengths[i] = length;
                pos += 4 + length;
            }

            files[f] = new FileChunk(name, offset, new LazyLines(payload, starts, lengths));
        }

        string? writerId = null;
        int[]? clientOffsets = null;
        if (span[0] == SharedVersion)
        {
            var idLength = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
            writerId = Encoding.UTF8.GetString(span.Slice(pos + 4, idLength));
            pos += 4 + idLength;
            clientOffsets = new int[fileCount];
            for (var f = 0; f < fileCount; f++, pos += 4)
            {
                clientOffsets[f] = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
            }
        }

        return new DecodedRecord(
            at,
            (flags & CompleteFlag) != 0,
            (flags & ExitCodeFlag) != 0 ? exitCode : null,
            (flags & PreemptingFlag) != 0,
            files,
            writerId,
            clientOffsets);
    }

    private static DecodedRecord DecodeTruncation(ReadOnlySpan<byte> span)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[6..]));
        var pos = HeaderSize;
        var rows = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
        pos += 4;
        var summary = ReadString(span, ref pos);
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
        pos += 4;
        var tail = new TailLine[count];
        for (var i = 0; i < count; i++)
        {
            var index = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
            pos += 4;
            tail[i] = new TailLine(index, ReadString(span, ref pos));
        }

        return new DecodedRecord(at, Complete: false, ExitCode: null, Preempting: false, Files: [])
        {
            Truncation = new HistoryTruncation(rows, summary, tail),
        };
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int pos)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[pos..]);
        var text = Encoding.UTF8.GetString(span.Slice(pos + 4, length));
        pos += 4 + length;
        return text;
    }

    /// <summary>The text stored for a line: console lines lose one trailing newline (docs/protocol/file-stream.md#lines).</summary>
    public static ReadOnlySpan<char> StoredLine(StreamFileKind kind, string line) =>
        kind == StreamFileKind.Output && line.EndsWith('\n') ? line.AsSpan(0, line.Length - 1) : line.AsSpan();

    private static int WriteString(Span<byte> destination, ReadOnlySpan<char> text)
    {
        var written = Encoding.UTF8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, written);
        return 4 + written;
    }
}
