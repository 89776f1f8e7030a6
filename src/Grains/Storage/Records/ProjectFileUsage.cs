namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>A project's run count and the bytes of its uploaded run files, as the metadata store counts them.</summary>
public sealed record ProjectFileUsage(string Entity, string Project, int RunCount, long FileBytes);
