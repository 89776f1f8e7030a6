namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>One record read back from a run log, and the log position just after it.</summary>
public readonly record struct RunLogRecord(ReadOnlyMemory<byte> Payload, long EndPosition);
