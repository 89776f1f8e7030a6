using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// A large, seekable, read-only stream of pseudo-random bytes computed from the position, so a test can send and
/// check gigabytes without holding them: every 8-byte word is a hash of its index.
/// </summary>
public sealed class GeneratedStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    /// <summary>The base64 MD5 of the whole stream's bytes.</summary>
    public static string Md5Base64(long length)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var stream = new GeneratedStream(length);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            md5.AppendData(buffer, 0, read);
        }

        return Convert.ToBase64String(md5.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        Span<byte> word = stackalloc byte[8];
        for (var i = 0; i < count;)
        {
            var position = _position + i;
            BinaryPrimitives.WriteUInt64LittleEndian(word, Word(position >> 3));
            var start = (int)(position & 7);
            var take = Math.Min(8 - start, count - i);
            word.Slice(start, take).CopyTo(buffer.Slice(i, take));
            i += take;
        }

        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // SplitMix64: cheap and well mixed, so the content does not compress or repeat.
    private static ulong Word(long index)
    {
        var z = (ulong)index * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
