using System.Runtime.CompilerServices;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Storage.RunLogs;

/// <summary>
/// Reads <see cref="LogFrame"/>d records back, for both profiles: the embedded log files and the cluster's append-blob
/// segments hold the same frames. A reader stops quietly at the first torn or corrupt frame: what follows a crash
/// mid-write was never acknowledged.
/// </summary>
internal static class LogFrameReader
{
    /// <summary>
    /// The records of <paramref name="stream"/>, which is positioned at log offset <paramref name="from"/>, up to
    /// offset <paramref name="limit"/> (the end of what was acknowledged; <see cref="long.MaxValue"/> reads to the
    /// end), each with the offset just after it.
    /// </summary>
    public static async IAsyncEnumerable<RunLogRecord> ReadAsync(
        Stream stream,
        long from,
        long limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = new byte[LogFrame.HeaderSize];
        var position = from;
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

    /// <summary>The length of the intact prefix of a log file: where appends may continue.</summary>
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
