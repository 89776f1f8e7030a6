namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// The artifact tables (migration 4 of <see cref="SqliteSchema"/>). Versions reference contents by hex MD5 through
/// their parsed file lists (<c>artifact_files</c>) and, until the manifest lands, through what they announced in
/// <c>createArtifactFiles</c> (<c>artifact_staged_files</c>); a content row without either reference is freed.
/// </summary>
internal static class SqliteArtifactSchema
{
    public const string Tables = """
        CREATE TABLE artifact_types (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL,
            project TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (entity, project, name)
        );
        CREATE TABLE artifact_collections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL,
            project TEXT NOT NULL,
            name TEXT NOT NULL,
            type_name TEXT NOT NULL,
            description TEXT NULL,
            client_id TEXT NULL,
            next_version BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            UNIQUE (entity, project, name)
        );
        CREATE INDEX ix_artifact_collections_client ON artifact_collections(client_id);
        CREATE TABLE artifacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            collection_id BIGINT NOT NULL,
            digest TEXT NOT NULL,
            state TEXT NOT NULL,
            version_index BIGINT NULL,
            description TEXT NULL,
            metadata TEXT NULL,
            history_step BIGINT NULL,
            ttl_seconds BIGINT NULL,
            client_id TEXT NULL,
            run_name TEXT NULL,
            created_by BIGINT NOT NULL,
            requested_aliases TEXT NOT NULL,
            commit_hash TEXT NULL,
            file_count BIGINT NOT NULL DEFAULT 0,
            size_bytes BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE INDEX ix_artifacts_collection ON artifacts(collection_id, digest);
        CREATE INDEX ix_artifacts_client ON artifacts(client_id);
        CREATE INDEX ix_artifacts_run ON artifacts(run_name);
        CREATE TABLE artifact_aliases (
            collection_id BIGINT NOT NULL,
            alias TEXT NOT NULL,
            artifact_id BIGINT NOT NULL,
            PRIMARY KEY (collection_id, alias)
        );
        CREATE INDEX ix_artifact_aliases_artifact ON artifact_aliases(artifact_id);
        CREATE TABLE artifact_manifests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            artifact_id BIGINT NOT NULL,
            name TEXT NOT NULL,
            digest TEXT NULL,
            size_bytes BIGINT NOT NULL DEFAULT 0,
            uploaded_at BIGINT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (artifact_id, name)
        );
        CREATE TABLE artifact_files (
            artifact_id BIGINT NOT NULL,
            path TEXT NOT NULL,
            digest TEXT NOT NULL,
            md5_hex TEXT NULL,
            size_bytes BIGINT NOT NULL,
            birth_artifact_id TEXT NULL,
            ref TEXT NULL,
            PRIMARY KEY (artifact_id, path)
        );
        CREATE INDEX ix_artifact_files_md5 ON artifact_files(md5_hex);
        CREATE TABLE artifact_staged_files (
            artifact_id BIGINT NOT NULL,
            md5_hex TEXT NOT NULL,
            PRIMARY KEY (artifact_id, md5_hex)
        );
        CREATE INDEX ix_artifact_staged_files_md5 ON artifact_staged_files(md5_hex);
        CREATE TABLE artifact_contents (
            md5_hex TEXT NOT NULL PRIMARY KEY,
            size_bytes BIGINT NOT NULL,
            birth_artifact_id BIGINT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE artifact_usages (
            entity TEXT NOT NULL,
            project TEXT NOT NULL,
            run_name TEXT NOT NULL,
            artifact_id BIGINT NOT NULL,
            used_as TEXT NULL,
            used_at BIGINT NOT NULL,
            PRIMARY KEY (entity, project, run_name, artifact_id)
        );
        CREATE INDEX ix_artifact_usages_artifact ON artifact_usages(artifact_id);
        """;

    /// <summary>
    /// Contents a project may use without uploading them: bytes checked against their MD5 when uploaded for one of its
    /// versions. Deduplication never reaches beyond it, so storing a file tells nobody outside the project anything.
    /// </summary>
    public const string ProjectContents = """
        CREATE TABLE artifact_project_contents (
            entity TEXT NOT NULL,
            project TEXT NOT NULL,
            md5_hex TEXT NOT NULL,
            PRIMARY KEY (entity, project, md5_hex)
        );
        """;

    /// <summary>
    /// Portfolios and their links (linked artifacts): a portfolio is a collection of kind <c>PORTFOLIO</c>; each link
    /// names a version of a sequence, with the portfolio's own version index, and its aliases are rows of
    /// <c>artifact_aliases</c> under the portfolio's id. Nothing of the version is copied.
    /// </summary>
    public const string Links = """
        ALTER TABLE artifact_collections ADD COLUMN kind TEXT NOT NULL DEFAULT 'SEQUENCE';
        CREATE TABLE artifact_links (
            collection_id BIGINT NOT NULL,
            artifact_id BIGINT NOT NULL,
            version_index BIGINT NOT NULL,
            linked_by BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (collection_id, artifact_id),
            UNIQUE (collection_id, version_index)
        );
        CREATE INDEX ix_artifact_links_artifact ON artifact_links(artifact_id);
        """;

    /// <summary>What existed before: a project holds the contents its versions list.</summary>
    public const string BackfillProjectContents = """
        INSERT OR IGNORE INTO artifact_project_contents (entity, project, md5_hex)
        SELECT DISTINCT c.entity, c.project, f.md5_hex FROM artifact_files f
        JOIN artifacts a ON a.id = f.artifact_id JOIN artifact_collections c ON c.id = a.collection_id
        WHERE f.md5_hex IS NOT NULL;
        """;
}
