namespace Orleans.Wandb.Contracts.Storage;

/// <summary>Names of the Orleans storage providers the grains use; each profile registers them.</summary>
public static class StorageNames
{
    /// <summary>Grain state (run metadata): SQLite in the embedded profile, MySQL in the cluster profile.</summary>
    public const string Metadata = "metadata";
}
