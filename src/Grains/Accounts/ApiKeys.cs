using System.Security.Cryptography;
using System.Text;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// API key format and storage form. Keys are <c>local-</c> + 40 lowercase hex characters, the W&amp;B Local shape
/// all clients accept (docs/protocol/auth.md#key-format). Only the SHA-256 of a key is stored: keys are random, so a slow
/// password hash would add nothing but latency to every request.
/// </summary>
public static class ApiKeys
{
    /// <summary>The prefix of generated keys.</summary>
    public const string Prefix = "local-";

    /// <summary>A new random key.</summary>
    public static string Generate() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>The stored form: lowercase hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What listings show: the prefix and the first four characters, an ellipsis, the last four.</summary>
    public static string Mask(string key)
    {
        var dash = key.IndexOf('-');
        var head = dash >= 0 && dash + 5 <= key.Length ? key[..(dash + 5)] : key[..Math.Min(4, key.Length)];
        return head + "…" + key[Math.Max(0, key.Length - 4)..];
    }

    /// <summary>
    /// True when every client generation will accept the key: at least 40 characters of <c>[A-Za-z0-9_-]</c>
    /// after the first '-' (or in the whole key when it has none).
    /// </summary>
    public static bool HasValidShape(string key)
    {
        var dash = key.IndexOf('-');
        var secret = dash >= 0 ? key.AsSpan(dash + 1) : key.AsSpan();
        if (secret.Length < 40)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
