using System.Security.Cryptography;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>API keys in the form the server issues and the clients accept: <c>local-</c> + 40 hex characters.</summary>
public static class TestKeys
{
    public static string NewApiKey() => "local-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}
