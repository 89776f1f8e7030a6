namespace Orleans.Wandb.Contracts.Alerts;

/// <summary>What <c>notifyScriptableRunAlert</c> carries: the alert and who raised it; a null wait means W&amp;B's default.</summary>
[GenerateSerializer, Immutable, Alias("wandb.new-run-alert.v1")]
public sealed record NewRunAlert(
    [property: Id(0)] string Title,
    [property: Id(1)] string Text,
    [property: Id(2)] string Severity,
    [property: Id(3)] long? WaitDurationSeconds,
    [property: Id(4)] long UserId);
