namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// How a download URL makes the store present a user's file: this content type, and as an attachment with this name
/// unless <see cref="AttachmentName"/> is null (only for types browsers never execute). Signed into blob-store URLs
/// so an uploader cannot choose how the bytes are rendered.
/// </summary>
public sealed record ServedAs(string ContentType, string? AttachmentName);
