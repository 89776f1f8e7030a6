using System.Security.Cryptography;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>API keys in the form the server issues and the clients accept: <c>local-</c> + 40 hex characters.</summary>
public static class TestKeys
{
    /// <summary>The key of public ids (<c>PUBLIC_ID_KEY</c>) every server of a test process shares.</summary>
    public static string PublicIdKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewApiKey() => "local-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}
