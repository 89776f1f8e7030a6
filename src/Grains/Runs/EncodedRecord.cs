using System.Buffers;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>An encoded run-log record in a pooled buffer; dispose once the append has completed.</summary>
internal readonly struct EncodedRecord(byte[] buffer, int length) : IDisposable
{
    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
