namespace Orleans.Wandb.Contracts.Admin;

/// <summary>
/// How much storage the server uses, per project, and how much disk is left: the admin page's view, so an
/// operator learns about a filling disk before writes start failing. A stateless worker (key 0).
/// </summary>
[Alias("wandb.IStorageReportGrain")]
public interface IStorageReportGrain : IGrainWithIntegerKey
{
    /// <summary>Bytes per project (run files and history) and the free space of the data folder's disk.</summary>
    [Alias("GetReport")]
    Task<StorageReport> GetReportAsync();
}
