using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Text;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// The thumbnail endpoint decodes images users uploaded, on the server: a file that claims billions of pixels, sizes
/// and paths outside the limits, and files that are not images must each be refused with a 4xx before any work that
/// grows with what the attacker chose; a caller who may not read the project learns nothing.
/// </summary>
public sealed class MediaThumbnailAttackTests(MediaThumbnailAttackTests.Server app) : IClassFixture<MediaThumbnailAttackTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    private static string Thumbnail(string project, string path, int size = 64) =>
        $"/api/v1/media/{SecurityApp.Team}/{project}/run00001/thumbnail?path={Uri.EscapeDataString(path)}&size={size}";

    [Fact]
    public async Task PngClaimingFourBillionPixels_IsRefusedFromItsHeader_WithoutDecoding()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbbomb", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "thumbbomb", "run00001", "media/images/bomb.png", PngHeader(65_535, 65_535));

        using var response = await app.Client(app.DaveKey).SendAsync(HttpMethod.Get, Thumbnail("thumbbomb", "media/images/bomb.png"), null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("megapixels", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(1025)]
    [InlineData(100_000)]
    public async Task ThumbnailSizeOutsideTheLimits_IsRefused(int size)
    {
        using var response = await app.Client(app.DaveKey).SendAsync(HttpMethod.Get, Thumbnail("thumbsizes", "media/images/a.png", size), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("../../other/run00001/media/images/a.png")]
    [InlineData("media/../../a.png")]
    [InlineData("/etc/passwd.png")]
    [InlineData("media\\images\\a.png")]
    [InlineData("media/images/notes.txt")]
    [InlineData("media/images/logo.svg")]
    public async Task PathOutsideTheRunOrNotARasterImage_IsRefused(string path)
    {
        using var response = await app.Client(app.DaveKey).SendAsync(HttpMethod.Get, Thumbnail("thumbpaths", path), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OutsiderAskingForAPrivateRunsThumbnail_GetsNotFound_AsForAMissingFile()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbprivate", "run00001", "private");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "thumbprivate", "run00001", "media/images/a.png", Encoding.UTF8.GetBytes("not really a png"));

        using var outsider = await app.Client(app.BobKey).SendAsync(HttpMethod.Get, Thumbnail("thumbprivate", "media/images/a.png"), null);
        using var missing = await app.Client(app.BobKey).SendAsync(HttpMethod.Get, Thumbnail("thumbnothing", "media/images/a.png"), null);
        using var anonymous = await app.Factory.CreateWandbClient(null).SendAsync(HttpMethod.Get, Thumbnail("thumbprivate", "media/images/a.png"), null);

        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>A PNG of an RGBA image of the given size whose only pixel data is an empty zlib stream: a few dozen bytes.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0, 0, 0, 0, 1]), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] content)
    {
        var typed = Encoding.ASCII.GetBytes(type).Concat(content).ToArray();
        var chunk = new byte[8 + typed.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, content.Length);
        typed.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + typed.Length), Crc32.HashToUInt32(typed));
        return chunk;
    }
}
