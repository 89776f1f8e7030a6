using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Storage;

/// <summary>The run-log flusher's concurrent fsyncs: every file of every call synced, failures reported per file.</summary>
public sealed class ParallelFileSyncTests
{
    [Fact]
    public void Every_file_of_every_call_is_synced_and_reported_in_order()
    {
        using var dir = new TempDataDir();
        using var sync = new ParallelFileSync(parallelism: 8);
        var files = Enumerable.Range(0, 40)
            .Select(i => new FileStream(Path.Combine(dir.Path, $"{i}.log"), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0))
            .ToList();
        try
        {
            // Many calls in a row: a worker late for one call must never take work from the next.
            for (var call = 0; call < 200; call++)
            {
                var subset = files.Where((_, i) => (i + call) % 3 != 0).ToList();
                foreach (var file in subset)
                {
                    file.Write([(byte)call]);
                }

                var errors = sync.SyncAll(subset);
                Assert.Equal(subset.Count, errors.Length);
                Assert.All(errors, Assert.Null);
            }
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public void A_file_that_cannot_be_synced_fails_alone()
    {
        using var dir = new TempDataDir();
        using var sync = new ParallelFileSync(parallelism: 4);
        var files = Enumerable.Range(0, 6)
            .Select(i => new FileStream(Path.Combine(dir.Path, $"{i}.log"), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0))
            .ToList();
        var broken = new FileStream(Path.Combine(dir.Path, "read-only.log"), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        broken.SafeFileHandle.Dispose();
        files.Insert(3, broken);
        try
        {
            var errors = sync.SyncAll(files);

            Assert.NotNull(errors[3]);
            Assert.All(errors.Where((_, i) => i != 3), Assert.Null);
        }
        finally
        {
            files.ForEach(f =>
            {
                try
                {
                    f.Dispose();
                }
                catch (ObjectDisposedException)
                {
                }
            });
        }
    }
}
