using System.Net;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Security;
using SkiaSharp;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// <c>GET /api/v1/media/{entity}/{project}/{run}/thumbnail</c>: what a media panel loads instead of the full image.
/// Large images come back resized to the size asked for (longer side), in the same aspect ratio; images already that
/// small come back byte for byte; the images the official client logged (tests/fixtures) all decode.
/// </summary>
public sealed class MediaThumbnailTests(MediaThumbnailTests.Server app) : IClassFixture<MediaThumbnailTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    private async Task<HttpResponseMessage> GetAsync(string project, string path, int size) =>
        await app.Client(app.DaveKey).SendAsync(
            HttpMethod.Get, $"/api/v1/media/{SecurityApp.Team}/{project}/run00001/thumbnail?path={Uri.EscapeDataString(path)}&size={size}", null);

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, true, "image/png")]
    [InlineData(SKEncodedImageFormat.Png, false, "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Jpeg, false, "image/jpeg")]
    public async Task A_large_image_comes_back_resized_to_the_size_asked_for_keeping_its_aspect_ratio(SKEncodedImageFormat format, bool transparent, string expectedType)
    {
        var project = $"thumbbig{(int)format}{(transparent ? 1 : 0)}";
        var name = format == SKEncodedImageFormat.Png ? "media/images/big.png" : "media/images/big.jpg";
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, project, "run00001", "team");
        var original = Picture(2000, 1000, format, transparent);
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, project, "run00001", name, original);

        using var response = await GetAsync(project, name, 256);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var thumbnail = SKBitmap.Decode(bytes);
        Assert.Equal((256, 128), (thumbnail.Width, thumbnail.Height));
        Assert.True(bytes.Length * 4 < original.Length, $"{bytes.Length} bytes for a thumbnail of a {original.Length}-byte image");
    }

    [Fact]
    public async Task Every_image_the_official_client_logged_comes_back_byte_for_byte_when_already_small()
    {
        var run = RecordedMediaProject.MediaRuns[0];
        var images = Directory.GetFiles(Path.Combine(RecordedMediaProject.FilesFolder, run, "media", "images"), "*.png", SearchOption.AllDirectories);
        Assert.NotEmpty(images);
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbclient", "run00001", "team");
        foreach (var file in images.Take(8))
        {
            var name = Path.GetRelativePath(Path.Combine(RecordedMediaProject.FilesFolder, run), file).Replace('\\', '/');
            await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "thumbclient", "run00001", name, File.ReadAllBytes(file));

            using var response = await GetAsync("thumbclient", name, 64);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(File.ReadAllBytes(file), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_large_opaque_png_that_already_fits_comes_back_as_a_smaller_jpeg_of_the_same_size()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbfits", "run00001", "team");
        var original = Photo(400);
        Assert.True(original.Length > 32 * 1024, $"the test picture is {original.Length} bytes");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "thumbfits", "run00001", "media/images/photo.png", original);

        using var response = await GetAsync("thumbfits", "media/images/photo.png", 440);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var thumbnail = SKBitmap.Decode(bytes);
        Assert.Equal((400, 400), (thumbnail.Width, thumbnail.Height));
        Assert.True(bytes.Length < original.Length, $"{bytes.Length} bytes for a {original.Length}-byte image");
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_with_422()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbtext", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "thumbtext", "run00001", "media/images/x.png", "just text"u8.ToArray());

        using var response = await GetAsync("thumbtext", "media/images/x.png", 64);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_image_is_404()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbmissing", "run00001", "team");

        using var response = await GetAsync("thumbmissing", "media/images/none.png", 64);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A photo-like opaque PNG: smooth colour fields with a little sensor noise, what JPEG is made for.</summary>
    private static byte[] Photo(int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var noise = random.Next(-12, 13);
                byte Channel(double v) => (byte)Math.Clamp(v + noise, 0, 255);
                bitmap.SetPixel(x, y, new SKColor(Channel(128 + (100 * Math.Sin(x / 23.0))), Channel(255.0 * y / size), Channel(128 + (90 * Math.Cos((x - y) / 31.0)))));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A noisy picture (so that it does not compress away) of the given size and format.</summary>
    private static byte[] Picture(int width, int height, SKEncodedImageFormat format, bool transparent)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, transparent ? SKAlphaType.Unpremul : SKAlphaType.Opaque));
        var random = new Random(width + height);
        for (var y = 0; y < height; y += 4)
        {
            for (var x = 0; x < width; x += 4)
            {
                var color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), transparent ? (byte)random.Next(64, 256) : (byte)255);
                for (var dy = 0; dy < 4; dy++)
                {
                    for (var dx = 0; dx < 4; dx++)
                    {
                        bitmap.SetPixel(x + dx, y + dy, color);
                    }
                }
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
