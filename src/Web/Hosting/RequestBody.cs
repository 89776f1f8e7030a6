using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Orleans.Wandb.Web.Hosting;

/// <summary>Reads a whole request body into a pooled buffer, enforcing a size limit and undoing gzip.</summary>
public static class RequestBody
{
    /// <summary>
    /// The body bytes (rent from <see cref="ArrayPool{T}.Shared"/>; return <see cref="PooledBody.Buffer"/> when done),
    /// or throws <see cref="BodyTooLargeException"/>.
    /// </summary>
    public static async Task<PooledBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // We enforce our own limit below, also on the decompressed size.
            sizeFeature.MaxRequestBodySize = null;
        }

        if (request.ContentLength > limit)
        {
            throw new BodyTooLargeException(limit);
        }

        var source = request.Body;
        if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            source = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        }

        var initial = request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value + 1 : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 4096));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return new PooledBody(buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    throw new BodyTooLargeException(limit);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}

/// <summary>A request body in a rented buffer.</summary>
public readonly record struct PooledBody(byte[] Buffer, int Length) : IDisposable
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}

/// <summary>The body exceeded the documented limit; answered with 413.</summary>
public sealed class BodyTooLargeException(long limit)
    : Exception($"The request body is larger than the limit of {limit} bytes.");
