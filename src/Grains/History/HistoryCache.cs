using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// Decoded segments and summaries of all runs, bounded by <see cref="HistoryOptions.CacheBytes"/>. Entries are
/// immutable (a segment version never changes), so readers share them without copying.
/// </summary>
public sealed class HistoryCache(IOptions<HistoryOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.CacheBytes) });

    internal bool TryGet<T>(string key, out T? value) => _cache.TryGetValue(key, out value);

    internal void Set(string key, object value, long bytes) =>
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes) });

    internal void Remove(string key) => _cache.Remove(key);

    public void Dispose() => _cache.Dispose();
}
