namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// The numbered migrations of the cluster's MySQL database. Never edit a released step: add a new one.
/// Steps must stay idempotent (see <see cref="MySqlMigration"/>): MySQL 8 has no <c>CREATE INDEX IF NOT EXISTS</c>
/// or <c>ADD COLUMN IF NOT EXISTS</c>, so indexes are declared inside <c>CREATE TABLE IF NOT EXISTS</c>, and a later
/// step that alters a table checks <c>information_schema</c> first.
/// </summary>
/// <remarks>
/// The metadata tables mirror the embedded SQLite schema column for column (epoch-millisecond times, JSON text),
/// so both stores share their semantics. Names are compared byte for byte (<c>utf8mb4_bin</c>), as in SQLite:
/// <c>Run1</c> and <c>run1</c> are different runs.
/// </remarks>
internal static class MySqlSchema
{
    private const string Table = "ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin";

    /// <summary>The migrations in order.</summary>
    public static IReadOnlyList<MySqlMigration> Migrations { get; } =
    [
        new(1, "Orleans clustering, grain state and reminders", OrleansAdoNetSchema.Statements),
        new(2, "users, entities, API keys, projects, runs and run files",
        [
            $"""
            CREATE TABLE IF NOT EXISTS entities (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                name VARCHAR(128) NOT NULL,
                kind VARCHAR(16) NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE KEY ux_entities_name (name),
                CONSTRAINT ck_entities_kind CHECK (kind IN ('user', 'team'))
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS users (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                username VARCHAR(128) NOT NULL,
                email VARCHAR(320) NOT NULL,
                entity_id BIGINT NOT NULL,
                password_hash VARCHAR(512) NULL,
                must_change_password TINYINT(1) NOT NULL DEFAULT 0,
                admin TINYINT(1) NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                UNIQUE KEY ux_users_username (username),
                UNIQUE KEY ux_users_email (email),
                CONSTRAINT fk_users_entity FOREIGN KEY (entity_id) REFERENCES entities (id)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS memberships (
                entity_id BIGINT NOT NULL,
                user_id BIGINT NOT NULL,
                role VARCHAR(16) NOT NULL,
                PRIMARY KEY (entity_id, user_id),
                KEY ix_memberships_user (user_id),
                CONSTRAINT fk_memberships_entity FOREIGN KEY (entity_id) REFERENCES entities (id),
                CONSTRAINT fk_memberships_user FOREIGN KEY (user_id) REFERENCES users (id),
                CONSTRAINT ck_memberships_role CHECK (role IN ('admin', 'member', 'viewer'))
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS api_keys (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                user_id BIGINT NOT NULL,
                key_hash VARCHAR(128) NOT NULL,
                masked VARCHAR(128) NOT NULL,
                description TEXT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT NULL,
                UNIQUE KEY ux_api_keys_hash (key_hash),
                KEY ix_api_keys_user (user_id),
                CONSTRAINT fk_api_keys_user FOREIGN KEY (user_id) REFERENCES users (id)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS projects (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                entity VARCHAR(128) NOT NULL,
                name VARCHAR(128) NOT NULL,
                description TEXT NULL,
                created_by BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE KEY ux_projects_name (entity, name)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS runs (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                entity VARCHAR(128) NOT NULL,
                project VARCHAR(128) NOT NULL,
                name VARCHAR(128) NOT NULL,
                display_name TEXT NULL,
                state VARCHAR(32) NOT NULL,
                created_at BIGINT NOT NULL,
                heartbeat_at BIGINT NULL,
                tags MEDIUMTEXT NOT NULL,
                group_name TEXT NULL,
                job_type TEXT NULL,
                user_id BIGINT NOT NULL,
                config LONGTEXT NOT NULL,
                summary LONGTEXT NOT NULL,
                history_line_count INT NOT NULL DEFAULT 0,
                sweep_name VARCHAR(128) NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE KEY ux_runs_name (entity, project, name)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS run_files (
                run_id BIGINT NOT NULL,
                name_hash BINARY(32) NOT NULL,
                name TEXT NOT NULL,
                size_bytes BIGINT NOT NULL,
                md5_base64 VARCHAR(64) NOT NULL,
                mimetype VARCHAR(255) NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (run_id, name_hash)
            ) {Table}
            """,
        ]),
        new(3, "artifacts: types, collections, versions, aliases, manifests, files, contents, usages",
        [
            $"""
            CREATE TABLE IF NOT EXISTS artifact_types (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                entity VARCHAR(128) NOT NULL,
                project VARCHAR(128) NOT NULL,
                name VARCHAR(255) NOT NULL,
                description TEXT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE KEY ux_artifact_types_name (entity, project, name)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifact_collections (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                entity VARCHAR(128) NOT NULL,
                project VARCHAR(128) NOT NULL,
                name VARCHAR(255) NOT NULL,
                type_name VARCHAR(255) NOT NULL,
                description TEXT NULL,
                client_id VARCHAR(128) NULL,
                next_version BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                UNIQUE KEY ux_artifact_collections_name (entity, project, name),
                KEY ix_artifact_collections_client (client_id)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifacts (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                collection_id BIGINT NOT NULL,
                digest VARCHAR(128) NOT NULL,
                state VARCHAR(32) NOT NULL,
                version_index BIGINT NULL,
                description TEXT NULL,
                metadata LONGTEXT NULL,
                history_step BIGINT NULL,
                ttl_seconds BIGINT NULL,
                client_id VARCHAR(128) NULL,
                run_name VARCHAR(128) NULL,
                created_by BIGINT NOT NULL,
                requested_aliases TEXT NOT NULL,
                commit_hash VARCHAR(128) NULL,
                file_count BIGINT NOT NULL DEFAULT 0,
                size_bytes BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                KEY ix_artifacts_collection (collection_id, digest),
                KEY ix_artifacts_client (client_id),
                KEY ix_artifacts_run (run_name)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifact_aliases (
                collection_id BIGINT NOT NULL,
                alias VARCHAR(255) NOT NULL,
                artifact_id BIGINT NOT NULL,
                PRIMARY KEY (collection_id, alias),
                KEY ix_artifact_aliases_artifact (artifact_id)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifact_manifests (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                artifact_id BIGINT NOT NULL,
                name VARCHAR(255) NOT NULL,
                digest VARCHAR(128) NULL,
                size_bytes BIGINT NOT NULL DEFAULT 0,
                uploaded_at BIGINT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE KEY ux_artifact_manifests_name (artifact_id, name)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifact_files (
                artifact_id BIGINT NOT NULL,
                path_hash BINARY(32) NOT NULL,
                path TEXT NOT NULL,
                digest VARCHAR(128) NOT NULL,
                md5_hex VARCHAR(32) NULL,
                size_bytes BIGINT NOT NULL,
                birth_artifact_id VARCHAR(128) NULL,
                ref TEXT NULL,
                PRIMARY KEY (artifact_id, path_hash),
                KEY ix_artifact_files_md5 (md5_hex)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifact_staged_files (
                artifact_id BIGINT NOT NULL,
                md5_hex VARCHAR(32) NOT NULL,
                PRIMARY KEY (artifact_id, md5_hex),
                KEY ix_artifact_staged_files_md5 (md5_hex)
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifact_contents (
                md5_hex VARCHAR(32) NOT NULL PRIMARY KEY,
                size_bytes BIGINT NOT NULL,
                birth_artifact_id BIGINT NULL,
                created_at BIGINT NOT NULL
            ) {Table}
            """,
            $"""
            CREATE TABLE IF NOT EXISTS artifact_usages (
                entity VARCHAR(128) NOT NULL,
                project VARCHAR(128) NOT NULL,
                run_name VARCHAR(128) NOT NULL,
                artifact_id BIGINT NOT NULL,
                used_as TEXT NULL,
                used_at BIGINT NOT NULL,
                PRIMARY KEY (entity, project, run_name, artifact_id),
                KEY ix_artifact_usages_artifact (artifact_id)
            ) {Table}
            """,
        ]),
        new(4, "runs.host",
        [
            .. AddColumnIfMissing("runs", "host", "TEXT NULL"),
        ]),
        new(5, "teams: project access, service accounts, sealed keys, audit log",
        [
            .. AddColumnIfMissing("projects", "access", "VARCHAR(16) NOT NULL DEFAULT 'team'"),
            .. AddColumnIfMissing("users", "account_type", "VARCHAR(16) NOT NULL DEFAULT 'user'"),
            .. AddColumnIfMissing("api_keys", "sealed_key", "TEXT NULL"),
            $"""
            CREATE TABLE IF NOT EXISTS audit_log (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                at BIGINT NOT NULL,
                actor_id BIGINT NULL,
                actor_name VARCHAR(255) NOT NULL,
                action VARCHAR(128) NOT NULL,
                target TEXT NOT NULL,
                detail TEXT NULL,
                address VARCHAR(64) NULL
            ) {Table}
            """,
        ]),
        new(6, "team invites; the human a service account logged a run for",
        [
            $"""
            CREATE TABLE IF NOT EXISTS team_invites (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                entity_id BIGINT NOT NULL,
                email VARCHAR(255) NOT NULL,
                role VARCHAR(16) NOT NULL,
                invited_by BIGINT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE KEY ux_team_invites (entity_id, email),
                KEY ix_team_invites_email (email)
            ) {Table}
            """,
            .. AddColumnIfMissing("runs", "for_user_id", "BIGINT NULL"),
        ]),
        new(7, "artifact contents a project may use without uploading (deduplication stays inside a project)",
        [
            $"""
            CREATE TABLE IF NOT EXISTS artifact_project_contents (
                entity VARCHAR(128) NOT NULL,
                project VARCHAR(128) NOT NULL,
                md5_hex VARCHAR(32) NOT NULL,
                PRIMARY KEY (entity, project, md5_hex)
            ) {Table}
            """,
            """
            INSERT IGNORE INTO artifact_project_contents (entity, project, md5_hex)
            SELECT DISTINCT c.entity, c.project, f.md5_hex FROM artifact_files f
            JOIN artifacts a ON a.id = f.artifact_id JOIN artifact_collections c ON c.id = a.collection_id
            WHERE f.md5_hex IS NOT NULL
            """,
        ]),
        new(8, "deactivated users",
        [
            .. AddColumnIfMissing("users", "deactivated_at", "BIGINT NULL"),
        ]),
        new(9, "incremental and distributed artifacts: manifest kinds, base versions, distributed ids",
        [
            .. AddColumnIfMissing("artifacts", "distributed_id", "VARCHAR(128) NULL"),
            .. AddColumnIfMissing("artifact_manifests", "kind", "VARCHAR(16) NOT NULL DEFAULT 'FULL'"),
            .. AddColumnIfMissing("artifact_manifests", "base_artifact_id", "BIGINT NULL"),
        ]),
        new(10, "artifact collection tags",
        [
            $"""
            CREATE TABLE IF NOT EXISTS artifact_collection_tags (
                collection_id BIGINT NOT NULL,
                tag VARCHAR(128) NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (collection_id, tag)
            ) {Table}
            """,
        ]),
        new(11, "portfolios and linked artifact versions",
        [
            .. AddColumnIfMissing("artifact_collections", "kind", "VARCHAR(16) NOT NULL DEFAULT 'SEQUENCE'"),
            $"""
            CREATE TABLE IF NOT EXISTS artifact_links (
                collection_id BIGINT NOT NULL,
                artifact_id BIGINT NOT NULL,
                version_index BIGINT NOT NULL,
                linked_by BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (collection_id, artifact_id),
                UNIQUE KEY ux_artifact_links_index (collection_id, version_index),
                KEY ix_artifact_links_artifact (artifact_id)
            ) {Table}
            """,
        ]),
        new(12, "runs' alerts (wandb.alert)",
        [
            $"""
            CREATE TABLE IF NOT EXISTS run_alerts (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                entity VARCHAR(128) NOT NULL,
                project VARCHAR(128) NOT NULL,
                run_name VARCHAR(128) NOT NULL,
                title VARCHAR(1024) NOT NULL,
                text MEDIUMTEXT NOT NULL,
                severity VARCHAR(8) NOT NULL,
                wait_seconds BIGINT NOT NULL,
                rate_limited TINYINT NOT NULL,
                created_by BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                KEY ix_run_alerts_run (entity, project, run_name, title(191)),
                KEY ix_run_alerts_project (entity, project)
            ) {Table}
            """,
        ]),
    ];

    /// <summary>
    /// MySQL 8 has no <c>ADD COLUMN IF NOT EXISTS</c>: a prepared statement that adds the column only when it is
    /// missing, so a step interrupted halfway can run again.
    /// </summary>
    private static string[] AddColumnIfMissing(string table, string column, string definition)
    {
        var name = $"add_{table}_{column}";
        var alter = $"ALTER TABLE {table} ADD COLUMN {column} {definition}".Replace("'", "''", StringComparison.Ordinal);
        return
        [
            $"""
            SET @{name} = IF((SELECT COUNT(*) FROM information_schema.columns
                              WHERE table_schema = DATABASE() AND table_name = '{table}' AND column_name = '{column}') = 0,
                             '{alter}', 'DO 0')
            """,
            $"PREPARE {name} FROM @{name}",
            $"EXECUTE {name}",
            $"DEALLOCATE PREPARE {name}",
        ];
    }
}
