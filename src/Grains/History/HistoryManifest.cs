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

    public static HistoryManifest Decode(byte[] bytes) =>
        JsonSerializer.Deserialize<HistoryManifest>(bytes) ?? throw new InvalidDataException("Empty history manifest.");
}
