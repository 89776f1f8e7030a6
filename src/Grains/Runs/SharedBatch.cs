using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>A shared-mode writer's batch at run offsets, and the writer's own offset of each chunk (-1: none).</summary>
internal sealed record SharedBatch(string WriterId, FileStreamBatch Batch, IReadOnlyList<int> ClientOffsets);
