namespace Orleans.Wandb.Contracts.Views;

/// <summary>The limits on saved views; past them <c>upsertView</c> answers a 400 naming the limit.</summary>
public static class ViewLimits
{
    /// <summary>A view's spec, in UTF-8 bytes (a workspace with dozens of panels and per-run colours is a few KiB).</summary>
    public const int MaxSpecBytes = 256 * 1024;

    /// <summary>Views per project, every user's together.</summary>
    public const int MaxViewsPerProject = 500;

    /// <summary>A view's name, display name and type, in characters.</summary>
    public const int MaxNameLength = 128;

    /// <summary>A view's description, in characters.</summary>
    public const int MaxDescriptionLength = 4096;
}
