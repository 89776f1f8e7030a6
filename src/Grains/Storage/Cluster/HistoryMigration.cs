using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Grains.History;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Copies each run's compacted history from the embedded segment folder into the cluster as it is: the segments and
/// summaries its manifest makes current, then the manifest itself (the commit point, so last). A run activated in
/// the cluster then replays only the log past the manifest's position instead of rebuilding its whole history.
/// </summary>
/// <remarks>
/// Every blob is checked before it is copied (a segment decodes with its version, index and row count, a summary
/// passes its CRC, the manifest reaches no further than the run's copied log) and compared after (MD5 of the stored
/// bytes). A run whose local history does not check out gets no manifest: the cluster rebuilds it from the log, as
/// after any damaged blob. A blob already in the cluster with other bytes is reported and left as it is; a run whose
/// cluster manifest differs is skipped whole (the cluster has written its history since).
/// </remarks>
internal sealed partial class HistoryMigration(
    IHistorySegmentStore source,
    IHistorySegmentStore target,
    ILogger logger)
{
    /// <summary>Copies the history of <paramref name="runKey"/>, whose log was copied up to <paramref name="logLength"/> bytes.</summary>
    /// <returns>The blobs copied or found identical (0 when the cluster will rebuild this run from its log).</returns>
    public async Task<(int Blobs, long Bytes)> CopyRunAsync(string runKey, long logLength, List<string> problems, CancellationToken cancellationToken)
    {
        var manifestBytes = await source.ReadAsync(runKey, HistoryManifest.BlobName, cancellationToken);
        if (manifestBytes is null || HistoryManifest.TryDecode(manifestBytes) is not { } manifest)
        {
            LogRebuilt(runKey, "its manifest is missing or damaged");
            return (0, 0);
        }

        if (manifest.LogPosition > logLength)
        {
            LogRebuilt(runKey, $"its manifest reaches log position {manifest.LogPosition}, past the log's {logLength} intact bytes");
            return (0, 0);
        }

        var stored = await target.ReadAsync(runKey, HistoryManifest.BlobName, cancellationToken);
        if (stored is not null && !SameBytes(stored, manifestBytes))
        {
            problems.Add($"history {runKey}: the cluster's manifest differs from the embedded one (written by the cluster since?); left as it is");
            return (0, 0);
        }

        var blobs = new List<(string Name, byte[] Content)>();
        foreach (var (prefix, index, version) in manifest.Segments())
        {
            foreach (var kind in new[] { "seg", "sum" })
            {
                var name = HistoryStream.BlobNameOf(prefix, index, version, kind);
                var content = await source.ReadAsync(runKey, name, cancellationToken);
                var damage = content is null ? "missing" : Damage(content, kind, index, version, manifest.SegmentRows);
                if (damage.Length > 0)
                {
                    LogRebuilt(runKey, $"{name} is {damage}");
                    return (0, 0);
                }

                blobs.Add((name, content!));
            }
        }

        blobs.Add((HistoryManifest.BlobName, manifestBytes));
        long bytes = 0;
        foreach (var (name, content) in blobs)
        {
            if (!await CopyBlobAsync(runKey, name, content, cancellationToken))
            {
                problems.Add($"history {runKey}: the cluster's {name} differs from the embedded one; left as it is");
                return (0, bytes);
            }

            bytes += content.Length;
        }

        LogCopied(runKey, blobs.Count, manifest.LogPosition);
        return (blobs.Count, bytes);
    }

    /// <summary>Writes the blob unless it is there, then reads it back: true when the cluster holds exactly <paramref name="content"/>.</summary>
    private async Task<bool> CopyBlobAsync(string runKey, string name, byte[] content, CancellationToken cancellationToken)
    {
        var existing = await target.ReadAsync(runKey, name, cancellationToken);
        if (existing is null)
        {
            await target.WriteAsync(runKey, name, content, cancellationToken);
            existing = await target.ReadAsync(runKey, name, cancellationToken);
        }

        return existing is not null && SameBytes(existing, content);
    }

    /// <summary>Why a stored segment or summary cannot be used, or an empty string when it can.</summary>
    private static string Damage(byte[] content, string kind, int index, int version, int segmentRows)
    {
        try
        {
            if (kind == "sum")
            {
                return SegmentSummary.Decode(content).Version == version ? "" : "a summary of another version";
            }

            if (SegmentCodec.VersionOf(content) != version)
            {
                return "a segment of another version";
            }

            var segment = SegmentCodec.Decode(content);
            return segment.Index == index && segment.Capacity == segmentRows
                ? ""
                : $"segment {segment.Index} of {segment.Capacity} rows, not {index} of the manifest's {segmentRows} rows";
        }
        catch (InvalidDataException e)
        {
            return "damaged: " + e.Message;
        }
    }

    private static bool SameBytes(byte[] a, byte[] b) => MD5.HashData(a).AsSpan().SequenceEqual(MD5.HashData(b));

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied the history of run {RunKey} as it is ({Blobs} blobs); the cluster replays its log from position {LogPosition}")]
    private partial void LogCopied(string runKey, int blobs, long logPosition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The history of run {RunKey} is not copied ({Reason}); the cluster rebuilds it from the run log")]
    private partial void LogRebuilt(string runKey, string reason);
}
