namespace Orleans.Wandb.Web.Media;

/// <summary>A stored file no thumbnail can be made of (not an image, too large, corrupt): the caller's 422.</summary>
public sealed class ThumbnailException(string message) : Exception(message);
