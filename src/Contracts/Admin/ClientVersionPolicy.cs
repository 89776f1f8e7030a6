namespace Orleans.Wandb.Contracts.Admin;

/// <summary>
/// Which W&amp;B client versions this instance tells its users to run, as W&amp;B Local's <c>serverInfo.cliVersionInfo</c>
/// does: <c>max_cli_version</c> (<see cref="LatestVersion"/>) and <c>min_cli_version</c> (<see cref="MinimumVersion"/>).
/// <c>wandb verify</c> fails below the minimum and warns above the latest (wandb v0.16.6 and v0.28.2
/// wandb/sdk/verify/verify.py:check_wandb_version); the Python SDK also switches features on by comparing the latest
/// with fixed thresholds up to 0.12.21, which is why <see cref="ClientVersionPolicyRules"/> keeps it at or above the
/// oldest client the server is tested with.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.client-version-policy.v1")]
public sealed record ClientVersionPolicy(
    [property: Id(0)] string LatestVersion,
    [property: Id(1)] string MinimumVersion)
{
    /// <summary>The range of clients the test suite runs: Python 0.16.6 (pure Python) to 0.28.2 (Go core).</summary>
    public static ClientVersionPolicy Default { get; } = new("0.28.2", ClientVersionPolicyRules.OldestTestedVersion);
}
