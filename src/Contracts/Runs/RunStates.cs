namespace Orleans.Wandb.Contracts.Runs;

/// <summary>The run states the W&amp;B clients know (the server derives them; clients never send them while running).</summary>
public static class RunStates
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";
    public const string Crashed = "crashed";
    public const string Killed = "killed";
    public const string Preempting = "preempting";
    public const string Preempted = "preempted";
    public const string Pending = "pending";
}
