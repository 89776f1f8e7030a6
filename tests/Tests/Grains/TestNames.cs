using Orleans.Wandb.Contracts.Keys;

namespace Orleans.Wandb.Tests.Grains;

/// <summary>Fresh names per test so tests never see each other's runs.</summary>
internal static class TestNames
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    /// <summary>A run key in a fresh project of the admin's entity.</summary>
    public static string RunKeyInFreshProject(string entity = "local") => RunKey.From(entity, Unique("proj"), Unique("run"));
}
