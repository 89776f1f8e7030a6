using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.History;

/// <summary>
/// A run's history engine on real embedded storage in a temporary folder, with small segments (128 rows, two
/// blocks each) so that short random histories span many segments, blocks and edges.
/// </summary>
public sealed class HistoryFixture : IAsyncDisposable
{
    private readonly TempDataDir _dir = new();
    private readonly HistoryOptions _options = new() { SegmentRows = 128 };
    private readonly IHistorySegmentStore _store;
    private readonly HistoryWriter _writer;
    private readonly List<(long EndPosition, int Offset, string[] Lines)> _log = [];
    private HistoryCache _cache;
    private long _position;

    public HistoryFixture()
    {
        _store = new FileHistorySegmentStore(Options.Create(new StorageOptions { DataDir = _dir.Path }));
        _writer = new HistoryWriter(_store);
        _cache = new HistoryCache(Options.Create(_options));
        Run = New();
    }

    internal RunHistory Run { get; private set; }

    internal IHistorySegmentStore Store => _store;

    /// <summary>The data folder (segments are under <c>segments/</c>).</summary>
    public string Path => _dir.Path;

    /// <summary>Queues lines written at an offset, as an acknowledged file_stream batch would.</summary>
    public void Write(int offset, params string[] lines)
    {
        _position += 100;
        _log.Add((_position, offset, lines));
        Run.Accept([new FileChunk(StreamFiles.History, offset, lines)], _position);
    }

    /// <summary>Applies what is queued and runs one compaction tick to its end (the run grain does not wait).</summary>
    public async Task CompactAsync(bool includeOpen)
    {
        await Run.ApplyPendingAsync();
        Run.StartCompaction(includeOpen);
        while (!Run.CheckCompaction(out var failure, releaseAll: false))
        {
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// What an activation after kill -9 sees: a fresh engine with an empty cache on the stored blobs, replaying
    /// the log (every write so far) from the manifest's position, as the run grain does.
    /// </summary>
    public async Task CrashAndReplayAsync()
    {
        _cache.Dispose();
        _cache = new HistoryCache(Options.Create(_options));
        Run = New();
        var from = await Run.LoadAsync();
        foreach (var (end, offset, lines) in _log.Where(w => w.EndPosition > from))
        {
            Run.Accept([new FileChunk(StreamFiles.History, offset, lines)], end);
        }

        await Run.ApplyPendingAsync();
    }

    /// <summary>The log position of the last write.</summary>
    public long Position => _position;

    /// <summary>Applies and writes everything, waiting for the writer.</summary>
    public Task FlushAsync() => Run.FlushAsync();

    /// <summary>A fresh engine on the same storage with an empty cache: what a cold activation sees.</summary>
    public async Task ReopenColdAsync()
    {
        await Run.FlushAsync();
        _cache.Dispose();
        _cache = new HistoryCache(Options.Create(_options));
        Run = New();
        await Run.LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _cache.Dispose();
        _dir.Dispose();
    }

    private RunHistory New() => new("test/proj/run1", _store, _writer, _cache, _options);
}
