namespace Orleans.Wandb.Contracts.Alerts;

/// <summary>The clients' <c>AlertSeverity</c> enum (wandb v0.16.6 wandb/sdk/wandb_alerts.py: INFO, WARN, ERROR).</summary>
public static class AlertSeverities
{
    public const string Info = "INFO";
    public const string Warn = "WARN";
    public const string Error = "ERROR";

    /// <summary>True for one of the three.</summary>
    public static bool IsValid(string? severity) => severity is Info or Warn or Error;
}
