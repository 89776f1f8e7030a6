using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>Every artifact type that crosses grain boundaries survives the Orleans serializer unchanged.</summary>
public sealed class ArtifactContractSerializationTests
{
    public static TheoryData<object> Values() => new()
    {
        new ArtifactVersion
        {
            Id = 5, CollectionId = 2, Entity = "e", Project = "p", Collection = "c", TypeName = "dataset", Digest = "abc",
            State = ArtifactStates.Committed, VersionIndex = 3, Description = "d", Metadata = "{\"rows\": NaN}", HistoryStep = 200,
            TtlDurationSeconds = -2, RunName = "r", CommitHash = "h", FileCount = 1, SizeBytes = 12,
            CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch.AddDays(1), Aliases = ["latest", "best"],
            ManifestId = 7, CreatedBy = 1,
        },
        new ArtifactCollectionInfo(2, "e", "p", "c", "dataset", "about", DateTimeOffset.UnixEpoch),
        new ArtifactCollectionInfo(3, "e", "reg", "prod", "model", null, DateTimeOffset.UnixEpoch, ArtifactCollectionKinds.Portfolio),
        new ArtifactLink
        {
            PortfolioId = 3, Entity = "e", Project = "reg", Portfolio = "prod", VersionIndex = 2, Aliases = ["latest", "production"], LinkedBy = 1,
            LinkedAt = DateTimeOffset.UnixEpoch.AddHours(1),
            Version = new ArtifactVersion
            {
                Id = 5, CollectionId = 2, Entity = "e", Project = "p", Collection = "c", TypeName = "model", Digest = "abc",
                State = ArtifactStates.Committed, VersionIndex = 0, Aliases = ["latest"],
            },
        },
        new ArtifactTypeInfo(1, "e", "p", "model", null, DateTimeOffset.UnixEpoch),
        new NewArtifactVersion { TypeName = "dataset", Digest = "abc", Aliases = ["best"], HistoryStep = 4, ClientId = "x", UserId = 9 },
        new ArtifactManifestInfo(7, 5, "wandb_manifest.json", "WmoDr7WpN+4gB/Dd6NdU3Q==", DateTimeOffset.UnixEpoch),
        new ArtifactFilePage([new ArtifactFileEntry("a/b.csv", "F4uoVwdHDEHPaA+zf/mffw==", "178ba85707470c41cf680fb37ff99f7f", 12, "QXJ0aWZhY3Q6NQ==", null)], true, 3),
        new BlobStatus("178ba85707470c41cf680fb37ff99f7f", true, 5),
        new StorageUsage("e", null, 1234, 2),
        new ArtifactDeletion(1, 2, 3),
        new ClientIdMatch(true, 4),
        new ArtifactUse("e", "p", "r", "input"),
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Round_trips_through_the_orleans_serializer(object value) => OrleansRoundTrip.AssertUnchanged(value);
}
