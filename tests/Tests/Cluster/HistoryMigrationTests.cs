using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// How <c>migrate</c> moves one run's compacted history: as it is when every blob checks out, not at all (the cluster
/// rebuilds it from the log) when one does not, and never over history the cluster has written since.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class HistoryMigrationTests
{
    private const string Run = "e/p/r";
    private const int Rows = 64;
    private readonly MemoryStore _source = new();
    private readonly MemoryStore _target = new();

    public HistoryMigrationTests()
    {
        var segment = new HistorySegment(0, Rows);
        segment.Set(0, """{"loss": 1.5, "_step": 0}""");
        segment.Set(1, """{"loss": 0.5, "_step": 1}""");
        _source.Blobs[HistoryStream.BlobNameOf("h", 0, 3, "seg")] = SegmentCodec.Encode(segment, 3);
        _source.Blobs[HistoryStream.BlobNameOf("h", 0, 3, "sum")] = SegmentSummary.Of(segment, 3).Encode();
        _source.Blobs[HistoryManifest.BlobName] =
            new HistoryManifest("incarnation", 400, new StreamManifest(3, [3]), new StreamManifest(0, []), Rows).Encode();
    }

    private HistoryMigration Migration => new(_source, _target, NullLogger.Instance);

    [Fact]
    public async Task Segments_summaries_and_the_manifest_are_copied_byte_for_byte_and_a_second_copy_changes_nothing()
    {
        var problems = new List<string>();
        Assert.Equal(3, (await Migration.CopyRunAsync(Run, 500, problems, CancellationToken.None)).Blobs);
        Assert.Equal(3, (await Migration.CopyRunAsync(Run, 500, problems, CancellationToken.None)).Blobs);

        Assert.Empty(problems);
        Assert.Equal(_source.Blobs.OrderBy(b => b.Key), _target.Blobs.OrderBy(b => b.Key));
        Assert.Equal(3, _target.Writes);
    }

    [Fact]
    public async Task A_damaged_segment_leaves_the_run_to_be_rebuilt_from_its_log()
    {
        var name = HistoryStream.BlobNameOf("h", 0, 3, "seg");
        _source.Blobs[name] = _source.Blobs[name][..^7];
        var problems = new List<string>();

        Assert.Equal(0, (await Migration.CopyRunAsync(Run, 500, problems, CancellationToken.None)).Blobs);
        Assert.Empty(problems);
        Assert.Empty(_target.Blobs);
    }

    [Fact]
    public async Task A_manifest_reaching_past_the_copied_log_is_not_copied()
    {
        var problems = new List<string>();

        Assert.Equal(0, (await Migration.CopyRunAsync(Run, 399, problems, CancellationToken.None)).Blobs);
        Assert.Empty(_target.Blobs);
    }

    [Fact]
    public async Task Segments_of_another_row_count_than_their_manifest_says_are_not_copied()
    {
        _source.Blobs[HistoryManifest.BlobName] =
            new HistoryManifest("incarnation", 400, new StreamManifest(3, [3]), new StreamManifest(0, []), Rows * 2).Encode();
        var problems = new List<string>();

        Assert.Equal(0, (await Migration.CopyRunAsync(Run, 500, problems, CancellationToken.None)).Blobs);
        Assert.Empty(_target.Blobs);
    }

    [Fact]
    public async Task History_the_cluster_has_written_since_is_reported_and_left_as_it_is()
    {
        var theirs = new HistoryManifest("incarnation", 900, new StreamManifest(4, [4]), new StreamManifest(0, []), Rows).Encode();
        _target.Blobs[HistoryManifest.BlobName] = theirs;
        var problems = new List<string>();

        Assert.Equal(0, (await Migration.CopyRunAsync(Run, 500, problems, CancellationToken.None)).Blobs);
        Assert.Contains(problems, p => p.Contains(Run, StringComparison.Ordinal) && p.Contains("manifest", StringComparison.Ordinal));
        Assert.Equal(theirs, Assert.Single(_target.Blobs).Value);
    }

    private sealed class MemoryStore : IHistorySegmentStore
    {
        public Dictionary<string, byte[]> Blobs { get; } = new(StringComparer.Ordinal);

        public int Writes { get; private set; }

        public Task<byte[]?> ReadAsync(string runKey, string name, CancellationToken cancellationToken = default) =>
            Task.FromResult(Blobs.TryGetValue(name, out var content) ? content.ToArray() : null);

        public Task WriteAsync(string runKey, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            Blobs[name] = content.ToArray();
            Writes++;
            return Task.CompletedTask;
        }

        public Task DeleteAsync(string runKey, IReadOnlyList<string> names, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("migrate never deletes history");

        public Task DeleteRunAsync(string runKey, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("migrate never deletes history");

        public Task<long> SizeOfRunAsync(string runKey, CancellationToken cancellationToken = default) =>
            Task.FromResult(Blobs.Values.Sum(b => (long)b.Length));
    }
}
