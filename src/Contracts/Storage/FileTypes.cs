using System.Collections.Frozen;

namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// The one mapping from a stored file's name to its content type, used by every path that records a type (run files
/// registered by a PUT the silo sees or from a store's listing) and every path that answers one (serving a run file,
/// <c>File.mimetype</c>, <c>ArtifactFile.mimetype</c>, the type signed into a blob-store URL). One table, so a file
/// never has one type when stored and another when served. Whether a type may be shown inline is decided elsewhere
/// (<c>UserContent</c>): this only names the type.
/// </summary>
public static class FileTypes
{
    /// <summary>The type of bytes whose name says nothing known.</summary>
    public const string Unknown = "application/octet-stream";

    /// <summary>By extension, lower case: the types of what W&amp;B runs and artifacts hold (media, logs, code, data).</summary>
    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>
    {
        // Raster images (the only types UserContent shows inline) and SVG (which carries script).
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".bmp"] = "image/bmp",
        [".ico"] = "image/x-icon",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".svg"] = "image/svg+xml",

        // Audio and video (wandb.Audio, wandb.Video).
        [".wav"] = "audio/wav",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".flac"] = "audio/flac",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mov"] = "video/quicktime",

        // Text: W&B's logs and history are text, whatever their extension says.
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".jsonl"] = "text/plain",
        [".patch"] = "text/plain",
        [".diff"] = "text/plain",
        [".py"] = "text/plain",
        [".sh"] = "text/plain",
        [".yaml"] = "text/plain",
        [".yml"] = "text/plain",
        [".toml"] = "text/plain",
        [".ini"] = "text/plain",
        [".cfg"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".css"] = "text/css",
        [".js"] = "text/javascript",
        [".xml"] = "text/xml",
        [".json"] = "application/json",
        [".ipynb"] = "application/json",

        // Documents, archives and 3D objects.
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tgz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".glb"] = "model/gltf-binary",
        [".gltf"] = "model/gltf+json",
        [".obj"] = "model/obj",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The content type of a file with this name or path, from its extension; <see cref="Unknown"/> otherwise.</summary>
    public static string ContentTypeOf(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot >= 0 && ByExtension.TryGetValue(name[dot..], out var type) ? type : Unknown;
    }
}
