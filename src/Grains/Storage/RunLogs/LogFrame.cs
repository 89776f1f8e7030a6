using System.Buffers.Binary;
using System.IO.Hashing;

namespace Orleans.Wandb.Grains.Storage.RunLogs;

/// <summary>
/// The framing of run-log records on disk: <c>[u32 length][u32 CRC-32 of payload][payload]</c>, little endian.
/// The CRC lets a reader tell a torn or corrupt tail (bytes a crash left half-written) from real records.
/// </summary>
internal static class LogFrame
{
    /// <summary>Bytes before each payload.</summary>
    public const int HeaderSize = 8;

    /// <summary>
    /// Largest accepted payload. file_stream bodies are at most ~10 MiB, so anything far above is garbage
    /// read as a length, not a record.
    /// </summary>
    public const int MaxPayloadSize = 128 * 1024 * 1024;

    /// <summary>Writes the header of <paramref name="payload"/> into <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32.HashToUInt32(payload));
    }

    /// <summary>Reads a header; false when the length cannot be a record's.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out int length, out uint crc)
    {
        var raw = BinaryPrimitives.ReadUInt32LittleEndian(header);
        crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        length = (int)Math.Min(raw, int.MaxValue);
        return raw <= MaxPayloadSize;
    }

    /// <summary>True when the payload matches the CRC of its header.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> payload, uint crc) => Crc32.HashToUInt32(payload) == crc;
}
