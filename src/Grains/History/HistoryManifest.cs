using System.Text.Json;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// The commit point of a run's compacted history: which segment versions are current, and how far into the
/// run log they reach. An activation reads it and replays only the log after <see cref="LogPosition"/>.
/// <see cref="SegmentRows"/> is the segment size the blobs were cut with, so a run keeps reading its history
/// when <c>History:SegmentRows</c> changes (manifests written before it was recorded always used 1,024).
/// </summary>
internal sealed record HistoryManifest(string Incarnation, long LogPosition, StreamManifest History, StreamManifest Events, int SegmentRows = HistoryManifest.FirstSegmentRows)
{
    public const string BlobName = "manifest.json";

    /// <summary>The only segment size before manifests recorded it.</summary>
    public const int FirstSegmentRows = 1024;

    /// <summary>The folder of the history stream's blobs.</summary>
    public const string HistoryPrefix = "h";

    /// <summary>The folder of the events stream's blobs.</summary>
    public const string EventsPrefix = "e";

    /// <summary>The segments this manifest makes current: stream folder, segment index and version.</summary>
    public IEnumerable<(string Prefix, int Index, int Version)> Segments() =>
        new[] { (HistoryPrefix, History), (EventsPrefix, Events) }
            .SelectMany(s => s.Item2.Versions.Select((version, index) => (s.Item1, index, version)))
            .Where(s => s.version > 0);

    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>The manifest, or null when it is damaged (not fsynced: a power loss may tear it; the log rebuilds it).</summary>
    public static HistoryManifest? TryDecode(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<HistoryManifest>(bytes) is { History: not null, Events: not null } manifest
                   && manifest.SegmentRows >= SegmentSummary.BlockRows && System.Numerics.BitOperations.IsPow2(manifest.SegmentRows)
                ? manifest
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
