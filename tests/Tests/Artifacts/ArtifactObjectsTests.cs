using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>Artifact object keys: contents by MD5, manifests by id, nothing else.</summary>
public sealed class ArtifactObjectsTests
{
    [Fact]
    public void The_clients_base64_md5_becomes_the_hex_key_of_the_fallback_paths()
    {
        Assert.Equal("178ba85707470c41cf680fb37ff99f7f", ArtifactObjects.Md5HexOfBase64("F4uoVwdHDEHPaA+zf/mffw=="));
        Assert.Equal("artifacts/md5/178ba85707470c41cf680fb37ff99f7f", ArtifactObjects.BlobKey("178ba85707470c41cf680fb37ff99f7f"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("QXJ0aWZhY3Q6NQ==")]
    public void Anything_but_a_base64_md5_has_no_hex_form(string? value) => Assert.Null(ArtifactObjects.Md5HexOfBase64(value));

    [Theory]
    [InlineData("artifacts/md5/178ba85707470c41cf680fb37ff99f7f", "178ba85707470c41cf680fb37ff99f7f", null)]
    [InlineData("artifacts/manifests/42", null, 42L)]
    [InlineData("artifacts/md5/178BA85707470C41CF680FB37FF99F7F", null, null)]
    [InlineData("artifacts/md5/../../runs/x", null, null)]
    [InlineData("artifacts/manifests/4x", null, null)]
    [InlineData("runs/e/p/r/file.txt", null, null)]
    public void Only_content_and_manifest_keys_are_recognised(string key, string? md5Hex, long? manifestId)
    {
        Assert.Equal(md5Hex, ArtifactObjects.Md5OfBlobKey(key));
        Assert.Equal(manifestId, ArtifactObjects.ManifestIdOfKey(key));
    }

    [Fact]
    public void A_part_key_names_its_upload_number_and_md5_and_reads_back()
    {
        var part = new UploadPart(3, "178ba85707470c41cf680fb37ff99f7f");
        var uploadId = ArtifactObjects.UploadId("0123456789abcdef0123456789abcdef", [new UploadPart(1, part.Md5Hex), part]);
        var key = ArtifactObjects.PartKey(uploadId, part);

        Assert.Equal($"artifacts/parts/{uploadId}/3/178ba85707470c41cf680fb37ff99f7f", key);
        Assert.Equal((uploadId, part), ArtifactObjects.PartOfKey(key));
        Assert.Null(ArtifactObjects.Md5OfBlobKey(key));
    }

    [Theory]
    [InlineData("artifacts/parts/0123456789abcdef0123456789abcdef/0/178ba85707470c41cf680fb37ff99f7f")]
    [InlineData("artifacts/parts/0123456789abcdef0123456789abcdef/03/178ba85707470c41cf680fb37ff99f7f")]
    [InlineData("artifacts/parts/0123456789abcdef0123456789abcdef/3/../../md5/178ba85707470c41cf680fb37ff99f7f")]
    [InlineData("artifacts/parts/not-an-upload/3/178ba85707470c41cf680fb37ff99f7f")]
    public void Anything_but_a_well_formed_part_key_is_not_a_part(string key) => Assert.Null(ArtifactObjects.PartOfKey(key));

    [Fact]
    public void The_upload_id_changes_with_any_part()
    {
        const string md5 = "0123456789abcdef0123456789abcdef";
        var parts = new[] { new UploadPart(1, "178ba85707470c41cf680fb37ff99f7f"), new UploadPart(2, "278ba85707470c41cf680fb37ff99f7f") };

        Assert.Equal(ArtifactObjects.UploadId(md5, parts), ArtifactObjects.UploadId(md5, parts.ToList()));
        Assert.NotEqual(ArtifactObjects.UploadId(md5, parts), ArtifactObjects.UploadId(md5, parts[..1]));
        Assert.NotEqual(ArtifactObjects.UploadId(md5, parts), ArtifactObjects.UploadId(md5, [parts[0], parts[1] with { Md5Hex = parts[0].Md5Hex }]));
    }
}
