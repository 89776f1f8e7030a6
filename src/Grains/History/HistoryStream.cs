using System.Globalization;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// One streamed file of a run (history or events) as segments: the ones being written live in memory, the
/// others are read through the shared <see cref="HistoryCache"/> from the <see cref="IHistorySegmentStore"/>.
/// Stored blobs are named by segment and version (<c>h/000012-v57.seg</c> and <c>.sum</c>), so a reader always
/// gets a segment and the summary made from it, whatever a crash interrupted.
/// </summary>
internal sealed class HistoryStream(string runKey, string prefix, int segmentRows, IHistorySegmentStore store, HistoryCache cache)
{
    private readonly Dictionary<int, HistorySegment> _live = [];
    private readonly Dictionary<int, int> _saved = [];
    private readonly Dictionary<int, SegmentSummary> _liveSummaries = [];

    // For each changed live segment, the run-log position from which replaying the log rebuilds its changes.
    private readonly Dictionary<int, long> _dirtySince = [];

    // Stored blobs of segments a truncation dropped: removed once a manifest that no longer names them is written.
    private readonly List<string> _dropped = [];
    private List<int> _versions = [];
    private int _counter;

    /// <summary>Rows per segment: the configured size, or the size the stored segments were cut with.</summary>
    public int SegmentRows { get; private set; } = segmentRows;

    /// <summary>Distinguishes this life of the run from an earlier one of the same name (a deleted run) in caches.</summary>
    public string Incarnation { get; set; } = "";

    /// <summary>Bumped on every write; answers derived from the whole stream are cached against it.</summary>
    public long Changes { get; private set; }

    public int SegmentCount => Math.Max(_versions.Count, _live.Count == 0 ? 0 : _live.Keys.Max() + 1);

    public bool IsDirty => _dropped.Count > 0 || _live.Any(pair => pair.Value.Version != _saved[pair.Key]);

    /// <summary>True when a truncation dropped stored segments that the next manifest must stop naming.</summary>
    public bool HasDropped => _dropped.Count > 0;

    /// <summary>The persisted versions (manifest content).</summary>
    public StreamManifest Manifest => new(_counter, [.. _versions]);

    public void Restore(StreamManifest manifest, int segmentRows)
    {
        SegmentRows = segmentRows;
        _counter = manifest.Counter;
        _versions = [.. manifest.Versions];
    }

    /// <summary>
    /// Writes a line at a row index, replacing what was there. <paramref name="since"/> is the run-log position
    /// from which a replay brings the line back (the start of its batch).
    /// </summary>
    public async ValueTask SetAsync(long row, string line, long since)
    {
        var index = checked((int)(row / SegmentRows));
        if (!_live.TryGetValue(index, out var segment))
        {
            segment = await LoadAsync(index) ?? new HistorySegment(index, SegmentRows);

            // The cached copy is about to change: nobody may read it under its old version any more.
            cache.Remove(Key(index, Version(index), "seg"));
            _live[index] = segment;
            _saved[index] = segment.Version;
        }

        segment.Set((int)(row % SegmentRows), line);
        _dirtySince.TryAdd(index, since);
        Changes++;
    }

    /// <summary>
    /// Drops every row from <paramref name="rows"/> on: later segments go (their blobs once the next manifest is
    /// written), the segment holding the cut keeps its rows before it. <paramref name="since"/> is the run-log
    /// position from which a replay repeats the truncation.
    /// </summary>
    public async ValueTask TruncateAsync(long rows, long since)
    {
        var cut = checked((int)(rows / SegmentRows));
        var within = (int)(rows % SegmentRows);
        for (var index = SegmentCount - 1; index >= cut; index--)
        {
            if (index > cut || within == 0)
            {
                Drop(index);
                continue;
            }

            if (!_live.TryGetValue(index, out var segment))
            {
                segment = await LoadAsync(index);
                if (segment is null || segment.Length <= within)
                {
                    continue;
                }

                cache.Remove(Key(index, Version(index), "seg"));
                _live[index] = segment;
                _saved[index] = segment.Version;
            }

            if (segment.Length > within)
            {
                segment.Truncate(within);
                _dirtySince.TryAdd(index, since);
            }
        }

        while (_versions.Count > 0 && _versions[^1] == 0)
        {
            _versions.RemoveAt(_versions.Count - 1);
        }

        Changes++;
    }

    private void Drop(int index)
    {
        _live.Remove(index);
        _saved.Remove(index);
        _liveSummaries.Remove(index);
        _dirtySince.Remove(index);
        if (Version(index) is var version and > 0)
        {
            foreach (var kind in (string[])["seg", "sum"])
            {
                cache.Remove(Key(index, version, kind));
                _dropped.Add(BlobName(index, version, kind));
            }

            _versions[index] = 0;
        }
    }

    /// <summary>The summary of a segment (null when it has no rows).</summary>
    public async ValueTask<SegmentSummary?> SummaryAsync(int index)
    {
        if (_live.TryGetValue(index, out var segment))
        {
            if (!_liveSummaries.TryGetValue(index, out var summary) || summary.Version != segment.Version)
            {
                _liveSummaries[index] = summary = SegmentSummary.Of(segment, segment.Version);
            }

            return summary;
        }

        var version = Version(index);
        if (version == 0)
        {
            return null;
        }

        var key = Key(index, version, "sum");
        if (cache.TryGet<SegmentSummary>(key, out var cached))
        {
            return cached;
        }

        var bytes = await store.ReadAsync(runKey, BlobName(index, version, "sum"))
                    ?? throw new InvalidDataException($"History summary {BlobName(index, version, "sum")} of run {runKey} is missing.");
        var decoded = SegmentSummary.Decode(bytes);
        cache.Set(key, decoded, bytes.Length * 3L);
        return decoded;
    }

    /// <summary>A segment's rows (null when it has none). Callers must not change it.</summary>
    public async ValueTask<HistorySegment?> SegmentAsync(int index) =>
        _live.TryGetValue(index, out var segment) ? segment : await LoadAsync(index);

    /// <summary>The summaries of all segments, in order (null entries for empty ones).</summary>
    public async ValueTask<SegmentSummary?[]> SummariesAsync()
    {
        var result = new SegmentSummary?[SegmentCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = await SummaryAsync(i);
        }

        return result;
    }

    /// <summary>
    /// Encodes changed live segments for the writer: blobs to write, blobs they supersede, and what to record once
    /// they are durable. The open segment (the stream's last) is left out unless <paramref name="includeOpen"/>: it
    /// is still filling, and writing it on every tick would rewrite the same rows many times over. What is left out
    /// lowers <paramref name="replayFrom"/> to where the log must be replayed from to rebuild it. Runs inside a grain
    /// turn, so it only computes.
    /// </summary>
    public Action Snapshot(List<(string Name, byte[] Content)> blobs, List<string> obsolete, bool includeOpen, long position, ref long replayFrom)
    {
        var open = SegmentCount - 1;
        var done = new List<(int Index, int SegmentVersion)>();
        var dropped = _dropped.ToList();
        obsolete.AddRange(dropped);
        foreach (var (index, segment) in _live)
        {
            if (segment.Version == _saved[index])
            {
                continue;
            }

            if (index == open && !includeOpen)
            {
                replayFrom = Math.Min(replayFrom, _dirtySince[index]);
                continue;
            }

            var version = ++_counter;
            var summary = SegmentSummary.Of(segment, version);
            var summaryBytes = summary.Encode();
            blobs.Add((BlobName(index, version, "seg"), SegmentCodec.Encode(segment, version)));
            blobs.Add((BlobName(index, version, "sum"), summaryBytes));
            if (Version(index) is var old and > 0)
            {
                obsolete.Add(BlobName(index, old, "seg"));
                obsolete.Add(BlobName(index, old, "sum"));
            }

            while (_versions.Count <= index)
            {
                _versions.Add(0);
            }

            _versions[index] = version;
            cache.Set(Key(index, version, "sum"), summary, summaryBytes.Length * 3L);
            done.Add((index, segment.Version));
        }

        return () =>
        {
            _dropped.RemoveAll(dropped.Contains);
            foreach (var (index, segmentVersion) in done)
            {
                if (!_saved.ContainsKey(index))
                {
                    continue;
                }

                _saved[index] = segmentVersion;

                // Changed again while being written: those changes came from batches after the snapshot.
                if (_live[index].Version == segmentVersion)
                {
                    _dirtySince.Remove(index);
                }
                else
                {
                    _dirtySince[index] = position;
                }
            }
        };
    }

    /// <summary>Lets saved segments leave memory; the last one stays unless <paramref name="all"/> (idle run).</summary>
    public void Release(bool all)
    {
        var last = _live.Count == 0 ? -1 : _live.Keys.Max();
        foreach (var index in _live.Keys.ToList())
        {
            var segment = _live[index];
            if ((all || index != last) && segment.Version == _saved[index] && Version(index) > 0)
            {
                cache.Set(Key(index, Version(index), "seg"), segment, (long)segment.Length * (segment.Columns.Count + 1) * 12);
                _live.Remove(index);
                _saved.Remove(index);
                _liveSummaries.Remove(index);
            }
        }
    }

    /// <summary>Forgets everything (the run was deleted or its stored history is being rebuilt).</summary>
    public void Reset()
    {
        _dropped.Clear();
        _live.Clear();
        _saved.Clear();
        _liveSummaries.Clear();
        _dirtySince.Clear();
        _versions = [];
        Changes++;
    }

    /// <summary>Bytes in memory for live segments (rough; for the memory budget and tests).</summary>
    public int LiveSegments => _live.Count;

    private async ValueTask<HistorySegment?> LoadAsync(int index)
    {
        var version = Version(index);
        if (version == 0)
        {
            return null;
        }

        var key = Key(index, version, "seg");
        if (cache.TryGet<HistorySegment>(key, out var cached))
        {
            return cached;
        }

        var bytes = await store.ReadAsync(runKey, BlobName(index, version, "seg"))
                    ?? throw new InvalidDataException($"History segment {BlobName(index, version, "seg")} of run {runKey} is missing.");
        var segment = SegmentCodec.Decode(bytes);
        cache.Set(key, segment, bytes.Length * 6L);
        return segment;
    }

    private int Version(int index) => index < _versions.Count ? _versions[index] : 0;

    private string Key(int index, int version, string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{runKey}|{Incarnation}|{prefix}|{index}|{version}|{kind}");

    /// <summary>The stored name of a segment (<c>seg</c>) or its summary (<c>sum</c>) in the stream <paramref name="prefix"/>.</summary>
    public static string BlobNameOf(string prefix, int index, int version, string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}/{index:D6}-v{version}.{kind}");

    private string BlobName(int index, int version, string kind) => BlobNameOf(prefix, index, version, kind);
}
