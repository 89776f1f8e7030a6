using System.Security.Cryptography;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>A file to log into an artifact: its path, base64 MD5, size, and a fresh request body each time it is sent.</summary>
public sealed record ArtifactFileSource(string Name, string Md5Base64, long Size, Func<HttpContent> Content)
{
    public string Md5Hex => Convert.ToHexStringLower(Convert.FromBase64String(Md5Base64));

    public static ArtifactFileSource FromBytes(string name, byte[] bytes) =>
        new(name, Convert.ToBase64String(MD5.HashData(bytes)), bytes.Length, () => new ByteArrayContent(bytes));

    public static ArtifactFileSource FromText(string name, string text) => FromBytes(name, System.Text.Encoding.UTF8.GetBytes(text));
}
