using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Tests.Storage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("run", "ent/proj/r1");
    private readonly StorageFolder _dir = new();
    private readonly SqliteGrainStorage _storage;

    public SqliteGrainStorageTests()
    {
        var serializer = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(RunRow).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>();
        _storage = new SqliteGrainStorage(_dir.NewDatabase(), serializer, TimeProvider.System);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static GrainState<RunRow> Empty() => new(new RunRow { Name = "" });

    [Fact]
    public async Task State_round_trips_with_a_new_etag_per_write()
    {
        var written = new GrainState<RunRow>(new RunRow { Id = 4, Name = "r1", Tags = ["t"], Config = "{\"a\": NaN}" });
        await _storage.WriteStateAsync("run", Grain, written);
        var firstETag = written.ETag;
        await _storage.WriteStateAsync("run", Grain, written);

        var read = Empty();
        await _storage.ReadStateAsync("run", Grain, read);

        Assert.True(read.RecordExists);
        Assert.NotEqual(firstETag, written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(4, read.State!.Id);
        Assert.Equal(["t"], read.State.Tags);
        Assert.Equal("{\"a\": NaN}", read.State.Config);
    }

    [Fact]
    public async Task A_missing_state_reads_as_not_existing()
    {
        var read = Empty();
        await _storage.ReadStateAsync("run", GrainId.Create("run", "none"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused()
    {
        await _storage.WriteStateAsync("run", Grain, new GrainState<RunRow>(new RunRow { Name = "v1" }));
        var first = Empty();
        var second = Empty();
        await _storage.ReadStateAsync("run", Grain, first);
        await _storage.ReadStateAsync("run", Grain, second);

        first.State = new RunRow { Name = "v2" };
        await _storage.WriteStateAsync("run", Grain, first);
        second.State = new RunRow { Name = "v3" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("run", Grain, second));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync("run", Grain, new GrainState<RunRow>(new RunRow { Name = "fresh" })));
        var read = Empty();
        await _storage.ReadStateAsync("run", Grain, read);
        Assert.Equal("v2", read.State!.Name);
    }

    [Fact]
    public async Task Clearing_removes_the_state()
    {
        var state = new GrainState<RunRow>(new RunRow { Name = "v1" });
        await _storage.WriteStateAsync("run", Grain, state);

        await _storage.ClearStateAsync("run", Grain, state);

        var read = Empty();
        await _storage.ReadStateAsync("run", Grain, read);
        Assert.False(read.RecordExists);
        Assert.False(state.RecordExists);
    }
}
