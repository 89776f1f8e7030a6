namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>Reads framed records from a run-log file, stopping at the first torn or corrupt one.</summary>
internal static class LogFileScanner
{
    /// <summary>
    /// The records from <paramref name="from"/> up to <paramref name="limit"/> bytes, each with the position
    /// after it; ends quietly at a torn or corrupt record.
    /// </summary>
    public static async IAsyncEnumerable<RunLogRecord> ReadAsync(
        FileStream stream,
        long from,
        long limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = new byte[LogFrame.HeaderSize];
        var position = from;
        stream.Position = from;
        while (position + LogFrame.HeaderSize <= limit)
        {
            if (await stream.ReadAtLeastAsync(header, LogFrame.HeaderSize, throwOnEndOfStream: false, cancellationToken)
                < LogFrame.HeaderSize)
            {
                yield break;
            }

            if (!LogFrame.TryReadHeader(header, out var length, out var crc)
                || position + LogFrame.HeaderSize + length > limit)
            {
                yield break;
            }

            var payload = new byte[length];
            if (await stream.ReadAtLeastAsync(payload, length, throwOnEndOfStream: false, cancellationToken) < length
                || !LogFrame.IsIntact(payload, crc))
            {
                yield break;
            }

            position += LogFrame.HeaderSize + length;
            yield return new RunLogRecord(payload, position);
        }
    }

    /// <summary>The length of the intact prefix of the file: where appends may continue.</summary>
    public static long ValidLength(FileStream stream)
    {
        var header = new byte[LogFrame.HeaderSize];
        var buffer = Array.Empty<byte>();
        var length = stream.Length;
        long position = 0;
        stream.Position = 0;
        while (position + LogFrame.HeaderSize <= length)
        {
            if (stream.ReadAtLeast(header, LogFrame.HeaderSize, throwOnEndOfStream: false) < LogFrame.HeaderSize
                || !LogFrame.TryReadHeader(header, out var payloadLength, out var crc)
                || position + LogFrame.HeaderSize + payloadLength > length)
            {
                break;
            }

            if (buffer.Length < payloadLength)
            {
                buffer = new byte[Math.Max(payloadLength, Math.Min(buffer.Length * 2, LogFrame.MaxPayloadSize))];
            }

            var payload = buffer.AsSpan(0, payloadLength);
            if (stream.ReadAtLeast(payload, payloadLength, throwOnEndOfStream: false) < payloadLength
                || !LogFrame.IsIntact(payload, crc))
            {
                break;
            }

            position += LogFrame.HeaderSize + payloadLength;
        }

        return position;
    }
}
