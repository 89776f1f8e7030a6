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
}
