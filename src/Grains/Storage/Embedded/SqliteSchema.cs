namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// The numbered migrations of the embedded database. Never edit a released migration: add a new one.
/// The SQL sticks to what MySQL also understands (BIGINT ids, times as epoch milliseconds, TEXT/BLOB
/// payloads) so the cluster profile's schema is a line-by-line translation.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The migrations in order; the number is stored in <c>schema_version</c> once applied.</summary>
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE entities (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('user', 'team')),
                created_at BIGINT NOT NULL
            );
            CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                username TEXT NOT NULL UNIQUE,
                email TEXT NOT NULL UNIQUE,
                entity_id BIGINT NOT NULL REFERENCES entities(id),
                password_hash TEXT NULL,
                must_change_password INTEGER NOT NULL DEFAULT 0,
                admin INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE memberships (
                entity_id BIGINT NOT NULL REFERENCES entities(id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
                PRIMARY KEY (entity_id, user_id)
            );
            CREATE INDEX ix_memberships_user ON memberships(user_id);
            CREATE TABLE api_keys (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id BIGINT NOT NULL REFERENCES users(id),
                key_hash TEXT NOT NULL UNIQUE,
                masked TEXT NOT NULL,
                description TEXT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT NULL
            );
            CREATE INDEX ix_api_keys_user ON api_keys(user_id);
            CREATE TABLE projects (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                entity TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT NULL,
                created_by BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (entity, name)
            );
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                entity TEXT NOT NULL,
                project TEXT NOT NULL,
                name TEXT NOT NULL,
                display_name TEXT NULL,
                state TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                heartbeat_at BIGINT NULL,
                tags TEXT NOT NULL,
                group_name TEXT NULL,
                job_type TEXT NULL,
                user_id BIGINT NOT NULL,
                config TEXT NOT NULL,
                summary TEXT NOT NULL,
                history_line_count INTEGER NOT NULL DEFAULT 0,
                sweep_name TEXT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (entity, project, name)
            );
            CREATE TABLE run_files (
                run_id BIGINT NOT NULL,
                name TEXT NOT NULL,
                size_bytes BIGINT NOT NULL,
                md5_base64 TEXT NOT NULL,
                mimetype TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (run_id, name)
            );
            """),
        (2, """
            CREATE TABLE grain_state (
                grain_type TEXT NOT NULL,
                grain_id TEXT NOT NULL,
                state_name TEXT NOT NULL,
                etag TEXT NOT NULL,
                payload BLOB NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (grain_type, grain_id, state_name)
            );
            """),
        (3, """
            CREATE TABLE reminders (
                service_id TEXT NOT NULL,
                grain_id TEXT NOT NULL,
                reminder_name TEXT NOT NULL,
                grain_hash BIGINT NOT NULL,
                start_at BIGINT NOT NULL,
                period_ms BIGINT NOT NULL,
                etag TEXT NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            );
            CREATE INDEX ix_reminders_hash ON reminders(service_id, grain_hash);
            """),
        (4, SqliteArtifactSchema.Tables),
        (5, """
            ALTER TABLE runs ADD COLUMN host TEXT NULL;
            """),
        (6, """
            ALTER TABLE projects ADD COLUMN access TEXT NOT NULL DEFAULT 'team';
            ALTER TABLE users ADD COLUMN account_type TEXT NOT NULL DEFAULT 'user';
            ALTER TABLE api_keys ADD COLUMN sealed_key TEXT NULL;
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at BIGINT NOT NULL,
                actor_id BIGINT NULL,
                actor_name TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT NULL,
                address TEXT NULL
            );
            """),
        (7, """
            CREATE TABLE team_invites (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                entity_id BIGINT NOT NULL REFERENCES entities(id),
                email TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
                invited_by BIGINT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (entity_id, email)
            );
            CREATE INDEX ix_team_invites_email ON team_invites(email);
            ALTER TABLE runs ADD COLUMN for_user_id BIGINT NULL;
            """),
        (8, $"""
            {SqliteArtifactSchema.ProjectContents}
            {SqliteArtifactSchema.BackfillProjectContents}
            """),
        (9, """
            ALTER TABLE users ADD COLUMN deactivated_at BIGINT NULL;
            """),
        (10, """
            ALTER TABLE artifacts ADD COLUMN distributed_id TEXT NULL;
            CREATE INDEX ix_artifacts_distributed ON artifacts(collection_id, distributed_id);
            ALTER TABLE artifact_manifests ADD COLUMN kind TEXT NOT NULL DEFAULT 'FULL';
            ALTER TABLE artifact_manifests ADD COLUMN base_artifact_id BIGINT NULL;
            """),
        (11, """
            CREATE TABLE artifact_collection_tags (
                collection_id BIGINT NOT NULL,
                tag TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (collection_id, tag)
            );
            """),
        (12, SqliteArtifactSchema.Links),
        (13, """
            CREATE TABLE run_alerts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                entity TEXT NOT NULL,
                project TEXT NOT NULL,
                run_name TEXT NOT NULL,
                title TEXT NOT NULL,
                text TEXT NOT NULL,
                severity TEXT NOT NULL,
                wait_seconds BIGINT NOT NULL,
                rate_limited INTEGER NOT NULL,
                created_by BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX ix_run_alerts_run ON run_alerts(entity, project, run_name, title);
            CREATE INDEX ix_run_alerts_project ON run_alerts(entity, project);
            """),
    ];
}
