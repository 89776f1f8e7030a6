using Orleans.Wandb.Contracts.Admin;

namespace Orleans.Wandb.Web.Accounts;

/// <summary>The admin page's storage section: usage per project, free space, and whether it is below the warning level.</summary>
public sealed record StorageView(
    IReadOnlyList<ProjectStorage> Projects,
    long? FreeBytes,
    long? TotalBytes,
    long WarningFreeBytes,
    bool LowDiskSpace);
