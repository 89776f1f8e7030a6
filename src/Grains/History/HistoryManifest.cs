using System.Text.Json;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// The commit point of a run's compacted history: which segment versions are current, and how far into the
/// run log they reach. An activation reads it and replays only the log after <see cref="LogPosition"/>.
/// </summary>
internal sealed record HistoryManifest(string Incarnation, long LogPosition, StreamManifest History, StreamManifest Events)
{
    public const string BlobName = "manifest.json";

    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>The manifest, or null when it is damaged (not fsynced: a power loss may tear it; the log rebuilds it).</summary>
    public static HistoryManifest? TryDecode(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<HistoryManifest>(bytes) is { History: not null, Events: not null } manifest ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
