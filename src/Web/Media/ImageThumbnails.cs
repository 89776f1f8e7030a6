using Microsoft.Extensions.Caching.Memory;
using SkiaSharp;

namespace Orleans.Wandb.Web.Media;

/// <summary>
/// Makes the small images the web app shows in media panels, so that a panel of 30 runs does not download 30 full
/// images per step. Decoding is bounded before any pixel is decoded (the header's width × height against
/// <see cref="MaxPixels"/>, the file's length against <see cref="MaxSourceBytes"/>), at most a few decodes run at
/// once, and results are kept in a byte-bounded memory cache keyed by the object, its length and the size asked for.
/// SkiaSharp decodes and encodes (MIT, maintained by Microsoft's .NET team, native Skia as used by Chromium).
/// </summary>
public sealed class ImageThumbnails : IDisposable
{
    /// <summary>Largest stored image (bytes) a thumbnail is made of.</summary>
    public const long MaxSourceBytes = 64L * 1024 * 1024;

    /// <summary>Largest image (width × height) decoded: 40 megapixels, 160 MB of RGBA at most per decode.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Smallest and largest thumbnail edge a caller may ask for.</summary>
    public const int MinSize = 16;

    public const int MaxSize = 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });
    private readonly SemaphoreSlim _decodes = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>
    /// The thumbnail of <paramref name="source"/> (a stored image under <paramref name="cacheKey"/>) whose longer side is
    /// at most <paramref name="size"/>: the stored bytes themselves when the image is already that small and a type
    /// browsers draw, a re-encoded image otherwise.
    /// </summary>
    public async Task<Thumbnail> GetAsync(string cacheKey, Stream source, int size, CancellationToken cancellationToken)
    {
        byte[]? bytes = null;
        if (!source.CanSeek)
        {
            bytes = await ReadBoundedAsync(source, cancellationToken);
        }

        var key = $"{cacheKey}\n{bytes?.Length ?? source.Length}\n{size}";
        if (_cache.TryGetValue(key, out Thumbnail? cached) && cached is not null)
        {
            return cached;
        }

        bytes ??= await ReadBoundedAsync(source, cancellationToken);
        await _decodes.WaitAsync(cancellationToken);
        Thumbnail thumbnail;
        try
        {
            thumbnail = Make(bytes, size);
        }
        finally
        {
            _decodes.Release();
        }

        _cache.Set(key, thumbnail, new MemoryCacheEntryOptions { Size = thumbnail.Bytes.Length + 256, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return thumbnail;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream source, CancellationToken cancellationToken)
    {
        if (source.CanSeek && source.Length > MaxSourceBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxSourceBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>PNGs up to this size that fit the asked size are served as they are; larger opaque ones as JPEG when that is smaller.</summary>
    private const int MaxExactPngBytes = 32 * 1024;

    private static bool IsOpaque(ReadOnlySpan<byte> rgba)
    {
        for (var i = 3; i < rgba.Length; i += 4)
        {
            if (rgba[i] != 255)
            {
                return false;
            }
        }

        return true;
    }

    private static ThumbnailException TooLarge() =>
        new($"The image is larger than {MaxSourceBytes / (1024 * 1024)} MiB; download it instead.");

    private static Thumbnail Make(byte[] bytes, int size)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new ThumbnailException("The file is not an image this server can read.");
        var info = codec.Info;
        if ((long)info.Width * info.Height > MaxPixels || info.Width <= 0 || info.Height <= 0)
        {
            throw new ThumbnailException($"The image is {info.Width}×{info.Height} pixels, more than the {MaxPixels / 1_000_000} megapixels a thumbnail is made of; download it instead.");
        }

        var type = TypeOf(codec.EncodedFormat);
        if (info.Width <= size && info.Height <= size && type is not null)
        {
            // A large PNG photo that already fits is still re-encoded as JPEG when it has no transparency and that is
            // smaller: a panel of 30 runs' 256-pixel PNGs otherwise downloads each whole. Small PNGs (masks, pixel art) stay exact.
            if (type == "image/png" && bytes.Length > MaxExactPngBytes
                && SKBitmap.Decode(codec, info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul)) is { } whole)
            {
                using (whole)
                {
                    if (IsOpaque(whole.GetPixelSpan()) && Encode(whole, info.Width, info.Height, opaque: true) is { } smaller && smaller.Bytes.Length < bytes.Length)
                    {
                        return smaller;
                    }
                }
            }

            return new Thumbnail(bytes, type, info.Width, info.Height);
        }

        var scale = Math.Min(1.0, (double)size / Math.Max(info.Width, info.Height));
        var width = Math.Max(1, (int)Math.Round(info.Width * scale));
        var height = Math.Max(1, (int)Math.Round(info.Height * scale));

        // JPEG and WebP decode straight at a smaller scale; other formats decode whole and are then resized.
        var decodeSize = codec.GetScaledDimensions((float)scale);
        var decodeInfo = new SKImageInfo(Math.Max(decodeSize.Width, width), Math.Max(decodeSize.Height, height), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            decoded.Dispose();
            using var full = SKBitmap.Decode(codec, info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul))
                ?? throw new ThumbnailException("The image could not be decoded.");
            return Encode(full, width, height, info.IsOpaque);
        }

        return Encode(decoded, width, height, info.IsOpaque);
    }

    private static Thumbnail Encode(SKBitmap source, int width, int height, bool opaque)
    {
        using var resized = source.Width == width && source.Height == height
            ? source.Copy()
            : source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(resized ?? throw new ThumbnailException("The image could not be resized."));

        // Photos compress far better as JPEG; images with transparency keep it as PNG.
        var (format, type, quality) = opaque ? (SKEncodedImageFormat.Jpeg, "image/jpeg", 82) : (SKEncodedImageFormat.Png, "image/png", 100);
        using var encoded = image.Encode(format, quality) ?? throw new ThumbnailException("The thumbnail could not be encoded.");
        return new Thumbnail(encoded.ToArray(), type, width, height);
    }

    private static string? TypeOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => "image/png",
        SKEncodedImageFormat.Jpeg => "image/jpeg",
        SKEncodedImageFormat.Gif => "image/gif",
        SKEncodedImageFormat.Webp => "image/webp",
        SKEncodedImageFormat.Bmp => "image/bmp",
        _ => null,
    };

    public void Dispose()
    {
        _cache.Dispose();
        _decodes.Dispose();
    }
}
