using System.Text;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Grains.Storage.RunLogs;

namespace Orleans.Wandb.Tests.Storage;

public sealed class FileRunLogStoreTests : IDisposable
{
    private const string Run = "ent/proj/run1";
    private readonly StorageFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string LogPath => Path.Combine(_dir.Path, "history", "ent", "proj", "run1.log");

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<List<(string Text, long End)>> ReadAllAsync(IRunLogStore store, string runKey = Run, long from = 0)
    {
        var records = new List<(string, long)>();
        await foreach (var record in store.ReadAsync(runKey, from))
        {
            records.Add((Encoding.UTF8.GetString(record.Payload.Span), record.EndPosition));
        }

        return records;
    }

    [Fact]
    public async Task Appended_records_read_back_in_order_with_their_end_positions()
    {
        await using var store = _dir.NewLogStore();
        var first = await store.AppendAsync(Run, Bytes("one"));
        var second = await store.AppendAsync(Run, Bytes("two!"));

        Assert.Equal(8 + 3, first);
        Assert.Equal(first + 8 + 4, second);
        Assert.Equal([("one", first), ("two!", second)], await ReadAllAsync(store));
        Assert.Equal([("two!", second)], await ReadAllAsync(store, from: first));
        Assert.Equal(second, new FileInfo(LogPath).Length);
    }

    [Fact]
    public async Task A_run_without_a_log_reads_as_empty()
    {
        await using var store = _dir.NewLogStore();
        Assert.Empty(await ReadAllAsync(store, "ent/proj/none"));
    }

    [Fact]
    public async Task Deleting_the_log_of_a_run_whose_project_never_streamed_succeeds()
    {
        // Deleting a run created by upsertBucket alone reaches here with no project folder under history/.
        await using var store = _dir.NewLogStore();
        await store.DeleteAsync("ent/never-streamed/run1");
        Assert.Empty(await ReadAllAsync(store, "ent/never-streamed/run1"));
    }

    [Fact]
    public async Task A_torn_tail_is_ignored_on_read_and_cut_off_before_the_next_append()
    {
        long goodLength;
        await using (var store = _dir.NewLogStore())
        {
            await store.AppendAsync(Run, Bytes("a"));
            await store.AppendAsync(Run, Bytes("b"));
            goodLength = await store.AppendAsync(Run, Bytes("c"));
        }

        // What kill -9 in the middle of a write can leave: a header promising more bytes than follow.
        await using (var file = new FileStream(LogPath, FileMode.Append))
        {
            file.Write([100, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
        }

        await using (var store = _dir.NewLogStore())
        {
            Assert.Equal(["a", "b", "c"], (await ReadAllAsync(store)).Select(r => r.Text));

            var end = await store.AppendAsync(Run, Bytes("d"));

            Assert.Equal(goodLength + 8 + 1, end);
            Assert.Equal(end, new FileInfo(LogPath).Length);
        }

        await using (var reopened = _dir.NewLogStore())
        {
            Assert.Equal(["a", "b", "c", "d"], (await ReadAllAsync(reopened)).Select(r => r.Text));
        }
    }

    [Fact]
    public async Task A_record_whose_checksum_does_not_match_ends_the_log()
    {
        await using (var store = _dir.NewLogStore())
        {
            await store.AppendAsync(Run, Bytes("first"));
            await store.AppendAsync(Run, Bytes("second"));
            await store.AppendAsync(Run, Bytes("third"));
        }

        var bytes = await File.ReadAllBytesAsync(LogPath);
        bytes[8 + 5 + 8] ^= 0xFF; // first payload byte of "second"
        await File.WriteAllBytesAsync(LogPath, bytes);

        await using var reopened = _dir.NewLogStore();
        Assert.Equal(["first"], (await ReadAllAsync(reopened)).Select(r => r.Text));
    }

    [Fact]
    public async Task Concurrent_appends_from_many_runs_all_become_durable()
    {
        await using (var store = _dir.NewLogStore())
        {
            // More runs than open-file slots (8), so the LRU closes and reopens files along the way.
            var appends = Enumerable.Range(0, 20).SelectMany(run =>
                Enumerable.Range(0, 10).Select(i => (run, i))).ToList();
            await Task.WhenAll(appends.GroupBy(a => a.run).Select(async g =>
            {
                foreach (var (run, i) in g)
                {
                    await store.AppendAsync($"ent/proj/r{run}", Bytes($"{run}:{i}"));
                }
            }));
        }

        await using var reopened = _dir.NewLogStore();
        for (var run = 0; run < 20; run++)
        {
            var texts = (await ReadAllAsync(reopened, $"ent/proj/r{run}")).Select(r => r.Text);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{run}:{i}"), texts);
        }
    }

    [Fact]
    public async Task Appends_after_disposal_fail_as_storage_unavailable()
    {
        var store = _dir.NewLogStore();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<Orleans.Wandb.Contracts.Storage.StorageUnavailableException>(
            () => store.AppendAsync(Run, Bytes("late")));
    }

    [Fact]
    public void The_scanner_measures_the_intact_prefix()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        var header = new byte[LogFrame.HeaderSize];
        LogFrame.WriteHeader(header, "xy"u8);
        File.WriteAllBytes(LogPath, [.. header, .. "xy"u8, 1, 2, 3]);

        using var stream = File.OpenRead(LogPath);
        Assert.Equal(LogFrame.HeaderSize + 2, LogFrameReader.ValidLength(stream));
    }
}
