using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Tests.Storage;

public sealed class SqliteReminderTableTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 26, 6, 0, 0, DateTimeKind.Utc);
    private readonly StorageFolder _dir = new();
    private readonly SqliteReminderTable _table;

    public SqliteReminderTableTests()
    {
        _table = new SqliteReminderTable(_dir.NewDatabase(), Options.Create(new ClusterOptions { ServiceId = "svc" }));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static ReminderEntry Entry(string key, string name = "heartbeat") => new()
    {
        GrainId = GrainId.Create("run", key),
        ReminderName = name,
        StartAt = Start,
        Period = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task A_reminder_round_trips_and_is_removed_only_with_its_current_etag()
    {
        await _table.StartAsync();
        var entry = Entry("e/p/r1");
        var firstETag = await _table.UpsertRow(entry);
        var etag = await _table.UpsertRow(entry);

        var read = await _table.ReadRow(entry.GrainId, "heartbeat");

        Assert.NotNull(read);
        Assert.NotEqual(firstETag, etag);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(Start, read.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(1), read.Period);
        Assert.Equal(entry.GrainId, read.GrainId);
        Assert.False(await _table.RemoveRow(entry.GrainId, "heartbeat", firstETag!));
        Assert.True(await _table.RemoveRow(entry.GrainId, "heartbeat", etag!));
        Assert.Null(await _table.ReadRow(entry.GrainId, "heartbeat"));
    }

    [Fact]
    public async Task Rows_are_read_per_grain_and_per_hash_range_including_wrap_around()
    {
        var entries = Enumerable.Range(0, 20).Select(i => Entry($"e/p/r{i}")).ToList();
        foreach (var entry in entries)
        {
            await _table.UpsertRow(entry);
        }

        await _table.UpsertRow(Entry("e/p/r0", "other"));
        Assert.Equal(2, (await _table.ReadRows(entries[0].GrainId)).Reminders.Count);

        var hashes = entries.Select(e => e.GrainId.GetUniformHashCode()).Order().ToList();
        var (low, high) = (hashes[5], hashes[15]);
        var inside = await _table.ReadRows(low, high);
        Assert.Equal(10, inside.Reminders.Select(r => r.GrainId).Distinct().Count());

        var outside = await _table.ReadRows(high, low);
        Assert.Equal(10, outside.Reminders.Select(r => r.GrainId).Distinct().Count());

        await _table.TestOnlyClearTable();
        Assert.Empty((await _table.ReadRows(0, 0)).Reminders);
    }
}
