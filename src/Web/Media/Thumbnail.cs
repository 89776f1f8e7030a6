namespace Orleans.Wandb.Web.Media;

/// <summary>An image small enough for a media panel: its encoded bytes, content type and pixel size.</summary>
public sealed record Thumbnail(byte[] Bytes, string ContentType, int Width, int Height);
