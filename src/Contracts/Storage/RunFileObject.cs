namespace Orleans.Wandb.Contracts.Storage;

/// <summary>A run file named by its object key.</summary>
public readonly record struct RunFileObject(string Entity, string Project, string Run, string Path);
