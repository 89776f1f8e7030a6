namespace Orleans.Wandb.Web.GraphQL.Features;

/// <summary>
/// The feature flags this server advertises in <c>serverInfo.features</c>, in one place. The Go core (0.2x) decides
/// from these alone (wandb v0.28.2 core/internal/featurechecker/features.go:lockedLoadFeatures) and the Python side
/// of 0.22+ the same way (wandb/sdk/artifacts/_gqlutils.py:server_supports); a flag that is absent is off. Add a flag
/// only together with the test that runs the path it enables; <c>AdvertisedFeatureTests</c> fails when a flag names
/// no test. Flags left off on purpose, and why, are listed in docs/sdk-system-tests.md.
/// </summary>
public static class AdvertisedFeatures
{
    public static IReadOnlyList<AdvertisedFeature> All { get; } =
    [
        new("FILESTREAM_GZIP",
            "The Go core gzips file_stream bodies (Content-Encoding: gzip) instead of sending them plain (wandb v0.28.2 core/internal/filestream/filestreamimpl.go:send).",
            "HttpSurfaceTests.A_gzipped_file_stream_body_is_unpacked_and_stored"),
        new("MARK_RUN_FILES_UPLOADED",
            "After uploading files outside a live run (Run.upload_file, wandb.save after finish) the client calls markRunFilesUploaded (wandb v0.28.2 core/api/graphql/mutation_mark_run_files_uploaded.graphql).",
            "AdvertisedFeatureTests.MARK_RUN_FILES_UPLOADED_the_clients_mutation_succeeds_and_the_file_is_listed"),
        new("TOTAL_COUNT_IN_FILE_CONNECTION",
            "The public API selects totalCount in artifact file connections instead of omitting it (wandb v0.25.1/v0.28.2 wandb/apis/public/artifacts.py:ArtifactFiles).",
            "AdvertisedFeatureTests.TOTAL_COUNT_IN_FILE_CONNECTION_artifact_files_report_the_total_on_every_page"),
        new("ARTIFACT_COLLECTION_MEMBERSHIP_FILES",
            "artifact.files() lists a version's files through project.artifactCollection.artifactMembership(aliasName) (wandb v0.25.1 wandb/apis/public/artifacts.py:ArtifactFiles).",
            "AdvertisedFeatureTests.ARTIFACT_COLLECTION_MEMBERSHIP_FILES_a_versions_files_are_listed_through_its_collection_and_alias"),
        new("PROJECT_ARTIFACT_COLLECTION_MEMBERSHIP",
            "Api().artifact(\"entity/project/name:alias\") looks the version up through project.artifactCollectionMembership(name) (wandb v0.25.1 wandb/sdk/artifacts/artifact.py:Artifact._from_name).",
            "AdvertisedFeatureTests.PROJECT_ARTIFACT_COLLECTION_MEMBERSHIP_an_artifact_is_found_by_name_through_its_membership"),
        new("ARTIFACT_COLLECTIONS_FILTERING_SORTING",
            "Api().artifact_collections(order=…) and ArtifactCollections(filters=…) send filters and order instead of refusing them client-side (wandb v0.28.2 wandb/apis/public/artifacts.py:ArtifactCollections).",
            "EmbeddedArtifactCollectionEditTests.Collections_are_filtered_and_ordered_as_the_client_asks_and_an_unknown_filter_is_refused"),
        new("SWEEPS_LOCAL_SCHEDULER",
            "Sweep.enqueue_run(config) sends enqueueSweepRun instead of refusing client-side; the run is handed to the sweep's next idle agent (wandb v0.28.2 wandb/apis/public/sweeps.py:Sweep.enqueue_run).",
            "SweepProtocolTests.An_enqueued_run_is_handed_to_the_next_agent_before_the_search_with_the_id_the_client_was_told"),
    ];
}
