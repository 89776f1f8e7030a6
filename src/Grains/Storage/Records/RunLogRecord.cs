namespace Orleans.Wandb.Grains.Storage;

/// <summary>One record read back from a run log, and the log position just after it.</summary>
public readonly record struct RunLogRecord(ReadOnlyMemory<byte> Payload, long EndPosition);
