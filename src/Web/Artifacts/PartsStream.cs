using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.Artifacts;

/// <summary>
/// Reads stored objects one after the other as one stream, opening each only when the previous one is exhausted, so
/// joining the parts of a multipart upload holds one read buffer, never a part.
/// </summary>
internal sealed class PartsStream(IFileStore store, IReadOnlyList<string> objectKeys) : Stream
{
    private int _next;
    private Stream? _current;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next == objectKeys.Count)
                {
                    return 0;
                }

                var key = objectKeys[_next++];
                _current = await store.OpenReadAsync(key, cancellationToken)
                           ?? throw new InvalidOperationException($"'{key}' disappeared while the parts were being joined.");
            }

            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0 || buffer.IsEmpty)
            {
                return read;
            }

            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The file store reads asynchronously; a synchronous read would block a request thread on disk or network I/O.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the parts asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }
}
