using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Encrypts service-account API keys at rest (AES-GCM). Unlike a user's key, which is stored only as a hash, a
/// service account's key is read back later by its team admins (<c>team.create_service_account()</c> re-reads
/// <c>Entity.members[].apiKey</c>), so it must be recoverable, but not by someone holding only the database.
/// The server key is <c>SERVICE_KEY_SECRET</c> (base64, 32 bytes; set it in a cluster so every silo shares it) or
/// a file created once under the data folder.
/// </summary>
public sealed class ServiceKeySealer(IOptions<StorageOptions> storage, IConfiguration configuration)
{
    private const string Version = "v1.";
    private readonly Lazy<Task<byte[]>> _key = new(() => LoadKeyAsync(storage.Value.DataDir, configuration["SERVICE_KEY_SECRET"]));

    /// <summary>The key encrypted under the server key, as text.</summary>
    public async Task<string> SealAsync(string apiKey)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var plain = Encoding.UTF8.GetBytes(apiKey);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(await _key.Value, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag);
        return Version + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    /// <summary>The plaintext key, or null when it was sealed under another server key.</summary>
    public async Task<string?> UnsealAsync(string sealedKey)
    {
        if (!sealedKey.StartsWith(Version, StringComparison.Ordinal))
        {
            return null;
        }

        var data = Convert.FromBase64String(sealedKey[Version.Length..]);
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[data.Length - nonceSize - tagSize];
        try
        {
            using var aes = new AesGcm(await _key.Value, tagSize);
            aes.Decrypt(data.AsSpan(0, nonceSize), data.AsSpan(nonceSize + tagSize), data.AsSpan(nonceSize, tagSize), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static async Task<byte[]> LoadKeyAsync(string dataDir, string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return Convert.FromBase64String(configured);
        }

        var path = Path.Combine(dataDir, "secrets", "service-keys.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(await File.ReadAllTextAsync(path));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllTextAsync(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
