using Orleans.Wandb.Contracts.Alerts;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>RunAlert</c>: one stored <c>wandb.alert</c>.</summary>
public sealed record RunAlertNode(RunAlert Alert)
{
    public string Id => RelayIds.Encode("RunAlert", RelayIds.Token(Alert.Id));

    public string RunName => Alert.RunName;

    public string Title => Alert.Title;

    public string Text => Alert.Text;

    public string Severity => Alert.Severity;

    public long WaitDuration => Alert.WaitDurationSeconds;

    public bool RateLimited => Alert.RateLimited;

    public DateTimeOffset CreatedAt => Alert.CreatedAt;
}
