namespace Orleans.Wandb.Grains.History;

/// <summary>The stored versions of one stream's segments (0: none) and the last version number handed out.</summary>
internal sealed record StreamManifest(int Counter, int[] Versions);
