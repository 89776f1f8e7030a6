using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Grains.Storage.RunLogs;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The run log on append blobs (Azurite): order, positions, segments, torn records, group commit.</summary>
[Trait("Needs", "Cluster")]
public sealed class BlobRunLogStoreTests : IAsyncLifetime
{
    private const string Run = "ent/proj/run1";
    private BlobContainerFactory _containers = null!;

    public async Task InitializeAsync()
    {
        var settings = await (await ClusterDependencies.Shared).NewClusterSettingsAsync();
        _containers = new BlobContainerFactory(Options.Create(new ClusterStorageOptions
        {
            MySql = settings["MYSQL"],
            Bucket = settings["BUCKET"],
            Container = settings["BUCKET_CONTAINER"],
        }));
        await _containers.Container.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => _containers.Container.DeleteIfExistsAsync();

    private BlobRunLogStore NewStore() => new(_containers, NullLogger<BlobRunLogStore>.Instance);

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
    public async Task Appended_records_read_back_in_order_with_the_positions_of_an_embedded_log_file()
    {
        var store = NewStore();
        var first = await store.AppendAsync(Run, Bytes("one"));
        var second = await store.AppendAsync(Run, Bytes("two!"));

        // Segment 0 has the byte offsets of the embedded file layout, so migrated checkpoints stay valid.
        Assert.Equal(8 + 3, first);
        Assert.Equal(first + 8 + 4, second);
        Assert.Equal([("one", first), ("two!", second)], await ReadAllAsync(store));
        Assert.Equal([("two!", second)], await ReadAllAsync(NewStore(), from: first));
        Assert.Empty(await ReadAllAsync(store, from: second));
        Assert.Empty(await ReadAllAsync(store, "ent/proj/none"));
    }

    [Fact]
    public async Task Another_writer_continues_in_a_new_segment_and_readers_see_one_log()
    {
        var before = await NewStore().AppendAsync(Run, Bytes("from silo A"));
        var next = NewStore();
        var after = await next.AppendAsync(Run, Bytes("from silo B"));

        Assert.Equal(BlobRunLogStore.Position(1, 8 + 11), after);
        Assert.Equal([("from silo A", before), ("from silo B", after)], await ReadAllAsync(NewStore()));
        Assert.Equal([("from silo B", after)], await ReadAllAsync(next, from: before));
    }

    [Fact]
    public async Task Once_another_silo_claims_the_run_the_earlier_writer_gets_nothing_more_acknowledged_and_the_claimant_reads_all_it_did()
    {
        // Silo A hosts the run; the cluster declares A dead (it still runs) and activates the run on silo B.
        var siloA = NewStore();
        var first = await siloA.AppendAsync(Run, Bytes("a1"));
        var second = await siloA.AppendAsync(Run, Bytes("a2"));
        var siloB = NewStore();
        await siloB.ClaimAsync(Run);

        // A's writes after the claim are refused, not acknowledged: B's replay (started after its claim) could miss them.
        await Assert.ThrowsAsync<RunLogFencedException>(() => siloA.AppendAsync(Run, Bytes("a3 after the claim")));
        Assert.Equal([("a1", first), ("a2", second)], await ReadAllAsync(siloB));

        var fromB = await siloB.AppendAsync(Run, Bytes("b1"));
        await Assert.ThrowsAsync<RunLogFencedException>(() => siloA.AppendAsync(Run, Bytes("a4")));
        Assert.Equal(["a1", "a2", "b1"], (await ReadAllAsync(NewStore())).Select(r => r.Text));
        Assert.Equal(BlobRunLogStore.Position(1, 8 + 2), fromB);
    }

    [Fact]
    public async Task A_claim_of_a_run_without_a_log_lets_its_first_append_start_segment_zero()
    {
        var store = NewStore();
        await store.ClaimAsync(Run);

        Assert.Equal(8 + 5, await store.AppendAsync(Run, Bytes("first")));
        Assert.Equal(["first"], (await ReadAllAsync(NewStore())).Select(r => r.Text));
    }

    [Fact]
    public async Task A_claim_by_a_later_activation_in_the_same_process_fences_the_earlier_one()
    {
        var store = NewStore();
        await store.AppendAsync(Run, Bytes("before"));
        await store.ClaimAsync(Run);

        Assert.Equal(BlobRunLogStore.Position(1, 8 + 5), await store.AppendAsync(Run, Bytes("after")));
        Assert.Equal(["before", "after"], (await ReadAllAsync(NewStore())).Select(r => r.Text));
    }

    [Fact]
    public async Task A_torn_record_is_never_read_and_writing_goes_on_in_a_new_segment()
    {
        var store = NewStore();
        var good = await store.AppendAsync(Run, Bytes("acknowledged"));

        // What a failure between two blocks of a large record leaves: a header promising more bytes than follow.
        var segment = _containers.Container.GetAppendBlobClient(BlobRunLogStore.SegmentName(Run, 0));
        await segment.AppendBlockAsync(new MemoryStream([100, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]));

        Assert.Equal([("acknowledged", good)], await ReadAllAsync(NewStore()));
        var later = await NewStore().AppendAsync(Run, Bytes("later"));
        Assert.Equal(["acknowledged", "later"], (await ReadAllAsync(NewStore())).Select(r => r.Text));
        Assert.Equal(1, (int)(later >> 40));
    }

    [Fact]
    public async Task A_record_larger_than_a_block_spans_blocks_and_reads_back_whole()
    {
        var big = new string('x', BlobRunLogStore.MaxBlockSize + 12345);
        var store = NewStore();
        await store.AppendAsync(Run, Bytes("small"));
        var end = await store.AppendAsync(Run, Bytes(big));

        var records = await ReadAllAsync(NewStore());
        Assert.Equal(["small", big], records.Select(r => r.Text));
        Assert.Equal(end, records[^1].End);
    }

    [Fact]
    public async Task Concurrent_appends_are_committed_together_in_order_and_all_become_durable()
    {
        var store = NewStore();
        var appends = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.AppendAsync(Run, Bytes($"r{i}"))));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(run => Task.WhenAll(
            Enumerable.Range(0, 5).Select(i => store.AppendAsync($"ent/proj/other{run}", Bytes($"{run}:{i}"))))));

        var records = await ReadAllAsync(NewStore());
        Assert.Equal(50, records.Count);
        Assert.Equal(appends.Order(), records.Select(r => r.End));
        var committed = (await _containers.Container.GetAppendBlobClient(BlobRunLogStore.SegmentName(Run, 0)).GetPropertiesAsync()).Value.BlobCommittedBlockCount;
        Assert.True(committed < 50, $"50 concurrent appends took {committed} blocks; group commit should share them");
        for (var run = 0; run < 10; run++)
        {
            Assert.Equal(5, (await ReadAllAsync(NewStore(), $"ent/proj/other{run}")).Count);
        }
    }

    [Fact]
    public async Task An_unreachable_blob_store_fails_appends_as_unavailable()
    {
        var unreachable = new BlobContainerFactory(Options.Create(new ClusterStorageOptions
        {
            MySql = "unused",
            Bucket = "http://127.0.0.1:1/devstoreaccount1/nothing",
        }));
        var store = new BlobRunLogStore(unreachable, NullLogger<BlobRunLogStore>.Instance);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.AppendAsync(Run, Bytes("lost")));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => ReadAllAsync(store));
    }

    [Fact]
    public void Log_frames_are_those_of_the_embedded_store()
    {
        var header = new byte[LogFrame.HeaderSize];
        LogFrame.WriteHeader(header, "xy"u8);
        Assert.True(LogFrame.TryReadHeader(header, out var length, out _));
        Assert.Equal(2, length);
        Assert.Equal("logs/ent/proj/run1/000007.log", BlobRunLogStore.SegmentName(Run, 7));
    }
}
