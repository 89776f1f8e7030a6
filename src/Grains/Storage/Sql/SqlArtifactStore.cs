using System.Data;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Grains.Storage.Rows;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary>
/// <see cref="IArtifactStore"/> on a SQL database (SQLite's <see cref="Embedded.SqliteArtifactSchema"/> or the
/// artifact tables of <see cref="Cluster.MySqlSchema"/>). Times are epoch milliseconds and lists JSON text, as in
/// <see cref="SqlMetadataStore"/>; engine differences come from the <see cref="ISqlDialect"/>.
/// </summary>
public sealed class SqlArtifactStore(ISqlDatabase database) : IArtifactStore
{
    private readonly ISqlDialect _sql = database.Dialect;

    private const string VersionSelect = """
        SELECT a.id AS Id, a.collection_id AS CollectionId, c.entity AS Entity, c.project AS Project, c.name AS Collection,
               c.type_name AS TypeName, a.digest AS Digest, a.state AS State, a.version_index AS VersionIndex,
               a.description AS Description, a.metadata AS Metadata, a.history_step AS HistoryStep,
               a.ttl_seconds AS TtlSeconds, a.run_name AS RunName, a.commit_hash AS CommitHash, a.file_count AS FileCount,
               a.size_bytes AS SizeBytes, a.created_at AS CreatedAt, a.updated_at AS UpdatedAt, a.created_by AS CreatedBy,
               (SELECT m.id FROM artifact_manifests m WHERE m.artifact_id = a.id AND m.uploaded_at IS NOT NULL
                ORDER BY CASE WHEN m.kind = 'FULL' THEN 0 ELSE 1 END, m.id LIMIT 1) AS ManifestId
        FROM artifacts a JOIN artifact_collections c ON c.id = a.collection_id
        """;

    private const string CollectionColumns = """
        id AS Id, entity AS Entity, project AS Project, name AS Name, type_name AS TypeName, description AS Description,
        created_at AS CreatedAt, kind AS Kind
        """;

    private const string LinkSelect = """
        SELECT l.collection_id AS PortfolioId, p.entity AS Entity, p.project AS Project, p.name AS Portfolio,
               l.artifact_id AS ArtifactId, l.version_index AS VersionIndex, l.linked_by AS LinkedBy, l.created_at AS LinkedAt
        FROM artifact_links l JOIN artifact_collections p ON p.id = l.collection_id
        """;

    private const string ManifestColumns =
        "id AS Id, artifact_id AS ArtifactId, name AS Name, digest AS Digest, uploaded_at AS UploadedAt, kind AS Kind, base_artifact_id AS BaseArtifactId";

    // References that keep a content stored: a version's parsed file list, or what it announced it would upload.
    private const string ContentIsReferenced = """
        (EXISTS (SELECT 1 FROM artifact_files f WHERE f.md5_hex = {0})
         OR EXISTS (SELECT 1 FROM artifact_staged_files s WHERE s.md5_hex = {0}))
        """;

    /// <inheritdoc />
    public Task<ArtifactTypeInfo> EnsureTypeAsync(string entity, string project, string name, string? description, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await c.ExecuteAsync(
                $"""
                INSERT INTO artifact_types (entity, project, name, description, created_at)
                VALUES (@entity, @project, @name, @description, @at) {_sql.OnConflictDoNothing("entity, project, name")};
                """,
                new { entity, project, name, description, at = at.ToUnixTimeMilliseconds() });
            return (await QueryTypeAsync(c, entity, project, name))!;
        });

    /// <inheritdoc />
    public Task<ArtifactTypeInfo?> GetTypeAsync(string entity, string project, string name) =>
        database.RunAsync(c => QueryTypeAsync(c, entity, project, name));

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactTypeInfo>> ListTypesAsync(string entity, string project) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<TypeRow>(
                $"""
                SELECT {TypeRow.Columns}
                FROM artifact_types WHERE entity = @entity AND project = @project ORDER BY name;
                """,
                new { entity, project });
            return (IReadOnlyList<ArtifactTypeInfo>)rows.Select(r => r.ToInfo()).ToList();
        });

    /// <inheritdoc />
    public Task<ArtifactCollectionInfo> EnsureCollectionAsync(
        string entity, string project, string name, string typeName, string? clientId, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await c.ExecuteAsync(
                $"""
                INSERT INTO artifact_collections (entity, project, name, type_name, client_id, created_at)
                VALUES (@entity, @project, @name, @typeName, @clientId, @at)
                {_sql.OnConflictUpdate(
                    "entity, project, name",
                    $"client_id = COALESCE({_sql.Existing("artifact_collections", "client_id")}, {_sql.Incoming("client_id")})")};
                """,
                new { entity, project, name, typeName, clientId, at = at.ToUnixTimeMilliseconds() });
            return (await QueryCollectionAsync(c, "entity = @entity AND project = @project AND name = @name", new { entity, project, name }))!;
        });

    /// <inheritdoc />
    public Task<ArtifactCollectionInfo?> GetCollectionAsync(string entity, string project, string name) =>
        database.RunAsync(c => QueryCollectionAsync(c, "entity = @entity AND project = @project AND name = @name", new { entity, project, name }));

    /// <inheritdoc />
    public Task<ArtifactCollectionInfo?> GetCollectionByIdAsync(long collectionId) =>
        database.RunAsync(c => QueryCollectionAsync(c, "id = @collectionId", new { collectionId }));

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactCollectionInfo>> ListCollectionsAsync(string entity, string project) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<CollectionRow>(
                $"SELECT {CollectionColumns} FROM artifact_collections WHERE entity = @entity AND project = @project ORDER BY name;",
                new { entity, project });
            return (IReadOnlyList<ArtifactCollectionInfo>)rows.Select(r => r.ToInfo()).ToList();
        });

    /// <inheritdoc />
    public Task<bool> UpdateCollectionAsync(long collectionId, string name, string? description, string typeName) =>
        database.RunAsync(async c =>
        {
            try
            {
                await c.ExecuteAsync(
                    "UPDATE artifact_collections SET name = @name, description = @description, type_name = @typeName WHERE id = @collectionId;",
                    new { collectionId, name, description, typeName });
                return true;
            }
            catch (DbException e) when (_sql.IsUniqueViolation(e))
            {
                return false;
            }
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetCollectionTagsAsync(long collectionId) =>
        database.RunAsync(c => QueryTagsAsync(c, collectionId, tx: null));

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> GetProjectCollectionTagsAsync(string entity, string project) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<CollectionTagRow>(
                "SELECT t.collection_id AS CollectionId, t.tag AS Tag FROM artifact_collection_tags t "
                + "JOIN artifact_collections c ON c.id = t.collection_id WHERE c.entity = @entity AND c.project = @project ORDER BY t.tag;",
                new { entity, project });
            return (IReadOnlyDictionary<long, IReadOnlyList<string>>)rows
                .GroupBy(r => r.CollectionId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Tag).ToList());
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ChangeCollectionTagsAsync(
        long collectionId, IReadOnlyList<string> add, IReadOnlyList<string> remove, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            if (remove.Count > 0)
            {
                await c.ExecuteAsync(
                    "DELETE FROM artifact_collection_tags WHERE collection_id = @collectionId AND tag IN @remove;", new { collectionId, remove }, tx);
            }

            foreach (var tag in add)
            {
                await c.ExecuteAsync(
                    _sql.InsertIgnoring("artifact_collection_tags (collection_id, tag, created_at) VALUES (@collectionId, @tag, @at)", "collection_id, tag") + ";",
                    new { collectionId, tag, at = at.ToUnixTimeMilliseconds() }, tx);
            }

            var tags = await QueryTagsAsync(c, collectionId, tx);
            if (tags.Count > ArtifactCollectionLimits.MaxTags)
            {
                await tx.RollbackAsync();
                throw new ArgumentException($"An artifact collection holds at most {ArtifactCollectionLimits.MaxTags} tags.");
            }

            await tx.CommitAsync();
            return tags;
        });

    private static async Task<IReadOnlyList<string>> QueryTagsAsync(DbConnection c, long collectionId, DbTransaction? tx) =>
        (await c.QueryAsync<string>(
            "SELECT tag FROM artifact_collection_tags WHERE collection_id = @collectionId ORDER BY tag;", new { collectionId }, tx)).ToList();

    /// <inheritdoc />
    public Task<ArtifactCollectionInfo> EnsurePortfolioAsync(string entity, string project, string name, string typeName, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await c.ExecuteAsync(
                $"""
                INSERT INTO artifact_collections (entity, project, name, type_name, created_at, kind)
                VALUES (@entity, @project, @name, @typeName, @at, @portfolio) {_sql.OnConflictDoNothing("entity, project, name")};
                """,
                new { entity, project, name, typeName, at = at.ToUnixTimeMilliseconds(), portfolio = ArtifactCollectionKinds.Portfolio });
            return (await QueryCollectionAsync(c, "entity = @entity AND project = @project AND name = @name", new { entity, project, name }))!;
        });

    /// <inheritdoc />
    public Task<ArtifactLink> LinkAsync(long portfolioId, long artifactId, IReadOnlyList<string> aliases, long userId, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var existing = await c.ExecuteScalarAsync<long?>(
                "SELECT version_index FROM artifact_links WHERE collection_id = @portfolioId AND artifact_id = @artifactId;",
                new { portfolioId, artifactId }, tx);
            var moving = aliases.ToList();
            if (existing is null)
            {
                var index = await c.ExecuteScalarAsync<long>(
                    _sql.IncrementReturningPrevious("artifact_collections", "next_version", "id = @id"), new { id = portfolioId }, tx);
                await c.ExecuteAsync(
                    """
                    INSERT INTO artifact_links (collection_id, artifact_id, version_index, linked_by, created_at)
                    VALUES (@portfolioId, @artifactId, @index, @userId, @at);
                    """,
                    new { portfolioId, artifactId, index, userId, at = at.ToUnixTimeMilliseconds() }, tx);
                moving.Add("latest");
            }

            foreach (var alias in moving.Distinct(StringComparer.Ordinal))
            {
                await c.ExecuteAsync(
                    $"""
                    INSERT INTO artifact_aliases (collection_id, alias, artifact_id) VALUES (@portfolioId, @alias, @artifactId)
                    {_sql.OnConflictUpdate("collection_id, alias", $"artifact_id = {_sql.Incoming("artifact_id")}")};
                    """,
                    new { portfolioId, alias, artifactId }, tx);
            }

            await tx.CommitAsync();
            return (await QueryLinksAsync(c, "l.collection_id = @portfolioId AND l.artifact_id = @artifactId", new { portfolioId, artifactId })).Single();
        });

    /// <inheritdoc />
    public Task<bool> UnlinkAsync(long portfolioId, long artifactId) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var removed = await c.ExecuteAsync(
                "DELETE FROM artifact_links WHERE collection_id = @portfolioId AND artifact_id = @artifactId;", new { portfolioId, artifactId }, tx);
            await c.ExecuteAsync(
                "DELETE FROM artifact_aliases WHERE collection_id = @portfolioId AND artifact_id = @artifactId;", new { portfolioId, artifactId }, tx);
            await RestoreLatestLinkAsync(c, portfolioId, tx);
            await tx.CommitAsync();
            return removed > 0;
        });

    /// <inheritdoc />
    public Task<ArtifactLink?> GetLinkAsync(long portfolioId, long artifactId) =>
        database.RunAsync(async c => (await QueryLinksAsync(
            c, "l.collection_id = @portfolioId AND l.artifact_id = @artifactId", new { portfolioId, artifactId })).FirstOrDefault());

    /// <inheritdoc />
    public Task<ArtifactLink?> FindLinkByIndexAsync(long portfolioId, long versionIndex) =>
        database.RunAsync(async c => (await QueryLinksAsync(
            c, "l.collection_id = @portfolioId AND l.version_index = @versionIndex", new { portfolioId, versionIndex })).FirstOrDefault());

    /// <inheritdoc />
    public Task<ArtifactLink?> FindLinkByAliasAsync(long portfolioId, string alias) =>
        database.RunAsync(async c => (await QueryLinksAsync(
            c,
            "l.collection_id = @portfolioId AND l.artifact_id = (SELECT x.artifact_id FROM artifact_aliases x WHERE x.collection_id = @portfolioId AND x.alias = @alias)",
            new { portfolioId, alias })).FirstOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactLink>> ListLinksAsync(long portfolioId) =>
        database.RunAsync(c => QueryLinksAsync(c, "l.collection_id = @portfolioId ORDER BY l.version_index DESC", new { portfolioId }));

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactLink>> ListLinksOfVersionAsync(long artifactId) =>
        database.RunAsync(c => QueryLinksAsync(c, "l.artifact_id = @artifactId ORDER BY l.created_at, l.collection_id", new { artifactId }));

    /// <inheritdoc />
    public Task<long> CountLinksAsync(long portfolioId) =>
        database.RunAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM artifact_links WHERE collection_id = @portfolioId;", new { portfolioId }));

    /// <summary>"latest" of a portfolio names its newest link: set again after a link leaves it.</summary>
    private async Task RestoreLatestLinkAsync(DbConnection c, long portfolioId, DbTransaction tx) =>
        await c.ExecuteAsync(
            _sql.InsertIgnoring(
                """
                artifact_aliases (collection_id, alias, artifact_id)
                SELECT @portfolioId, 'latest', l.artifact_id FROM artifact_links l
                WHERE l.collection_id = @portfolioId ORDER BY l.version_index DESC LIMIT 1
                """,
                "collection_id, alias") + ";",
            new { portfolioId }, tx);

    private static async Task<IReadOnlyList<ArtifactLink>> QueryLinksAsync(DbConnection c, string whereAndOrder, object parameters)
    {
        var rows = (await c.QueryAsync<LinkRow>($"{LinkSelect} WHERE {whereAndOrder};", parameters)).AsList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.ArtifactId).Distinct().ToList();
        var portfolios = rows.Select(r => r.PortfolioId).Distinct().ToList();
        var versions = (await QueryVersionsAsync(c, "a.id IN @ids", new { ids })).ToDictionary(v => v.Id);
        var aliases = (await c.QueryAsync<(long CollectionId, long ArtifactId, string Alias)>(
                "SELECT collection_id, artifact_id, alias FROM artifact_aliases WHERE artifact_id IN @ids AND collection_id IN @portfolios ORDER BY alias;",
                new { ids, portfolios }))
            .ToLookup(a => (a.CollectionId, a.ArtifactId), a => a.Alias);
        return rows
            .Where(r => versions.ContainsKey(r.ArtifactId))
            .Select(r => r.ToLink(versions[r.ArtifactId], aliases[(r.PortfolioId, r.ArtifactId)].ToList()))
            .ToList();
    }

    /// <inheritdoc />
    public Task<ArtifactVersion?> GetVersionAsync(long artifactId) =>
        database.RunAsync(async c => (await QueryVersionsAsync(c, "a.id = @artifactId", new { artifactId })).FirstOrDefault());

    /// <inheritdoc />
    public Task<ArtifactVersion?> FindByDigestAsync(long collectionId, string digest, string state) =>
        database.RunAsync(async c => (await QueryVersionsAsync(
            c, "a.collection_id = @collectionId AND a.digest = @digest AND a.state = @state ORDER BY a.id DESC LIMIT 1",
            new { collectionId, digest, state })).FirstOrDefault());

    /// <inheritdoc />
    public Task<ArtifactVersion?> FindByDistributedIdAsync(long collectionId, string distributedId) =>
        database.RunAsync(async c => (await QueryVersionsAsync(
            c, "a.collection_id = @collectionId AND a.distributed_id = @distributedId AND a.state <> @deleted ORDER BY a.id DESC LIMIT 1",
            new { collectionId, distributedId, deleted = ArtifactStates.Deleted })).FirstOrDefault());

    /// <inheritdoc />
    public Task<ArtifactVersion?> FindByVersionIndexAsync(long collectionId, long versionIndex) =>
        database.RunAsync(async c => (await QueryVersionsAsync(
            c, "a.collection_id = @collectionId AND a.version_index = @versionIndex", new { collectionId, versionIndex })).FirstOrDefault());

    /// <inheritdoc />
    public Task<ArtifactVersion?> FindByAliasAsync(long collectionId, string alias) =>
        database.RunAsync(async c => (await QueryVersionsAsync(
            c,
            "a.id = (SELECT l.artifact_id FROM artifact_aliases l WHERE l.collection_id = @collectionId AND l.alias = @alias)",
            new { collectionId, alias })).FirstOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactVersion>> ListVersionsAsync(long collectionId) =>
        database.RunAsync(c => QueryVersionsAsync(
            c, "a.collection_id = @collectionId AND a.state = @committed ORDER BY a.version_index DESC",
            new { collectionId, committed = ArtifactStates.Committed }));

    /// <inheritdoc />
    public Task<long> InsertVersionAsync(long collectionId, NewArtifactVersion request, DateTimeOffset at) =>
        database.RunAsync(c => c.ExecuteScalarAsync<long>(
            _sql.InsertReturningId(
                """
                INSERT INTO artifacts (collection_id, digest, state, description, metadata, history_step, ttl_seconds, client_id,
                                       run_name, created_by, requested_aliases, created_at, updated_at, distributed_id)
                VALUES (@collectionId, @Digest, @pending, @Description, @Metadata, @HistoryStep, @TtlDurationSeconds, @ClientId,
                        @RunName, @UserId, @aliases, @at, @at, @DistributedId)
                """),
            new
            {
                collectionId,
                request.Digest,
                pending = ArtifactStates.Pending,
                request.Description,
                request.Metadata,
                request.HistoryStep,
                request.TtlDurationSeconds,
                request.ClientId,
                request.RunName,
                request.UserId,
                request.DistributedId,
                aliases = JsonSerializer.Serialize(request.Aliases),
                at = at.ToUnixTimeMilliseconds(),
            }));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetRequestedAliasesAsync(long artifactId) =>
        database.RunAsync(async c =>
        {
            var json = await c.ExecuteScalarAsync<string?>("SELECT requested_aliases FROM artifacts WHERE id = @artifactId;", new { artifactId });
            return (IReadOnlyList<string>)(json is null ? [] : JsonSerializer.Deserialize<string[]>(json) ?? []);
        });

    /// <inheritdoc />
    public Task<long> CountMissingContentsAsync(long artifactId) =>
        database.RunAsync(c => c.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(*) FROM artifact_files f
            JOIN artifacts a ON a.id = f.artifact_id JOIN artifact_collections c ON c.id = a.collection_id
            WHERE f.artifact_id = @artifactId AND f.md5_hex IS NOT NULL
              AND NOT (EXISTS (SELECT 1 FROM artifact_contents b WHERE b.md5_hex = f.md5_hex)
                       AND EXISTS (SELECT 1 FROM artifact_project_contents pc
                                   WHERE pc.entity = c.entity AND pc.project = c.project AND pc.md5_hex = f.md5_hex));
            """,
            new { artifactId }));

    /// <inheritdoc />
    public Task<bool> EditVersionAsync(long artifactId, ArtifactEdit edit, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            // Only the columns the edit sets appear in the statement; the others keep their values.
            var columns = new List<string> { "updated_at = @at" };
            if (edit.SetDescription)
            {
                columns.Add("description = @description");
            }

            if (edit.SetMetadata)
            {
                columns.Add("metadata = @metadata");
            }

            if (edit.SetTtl)
            {
                columns.Add("ttl_seconds = @ttl");
            }

            var changed = await c.ExecuteAsync(
                $"UPDATE artifacts SET {string.Join(", ", columns)} WHERE id = @artifactId AND state <> @deleted;",
                new
                {
                    description = edit.Description,
                    metadata = edit.Metadata,
                    ttl = edit.TtlDurationSeconds,
                    at = at.ToUnixTimeMilliseconds(),
                    artifactId,
                    deleted = ArtifactStates.Deleted,
                });
            return changed > 0;
        });

    /// <inheritdoc />
    public Task<bool> CommitVersionAsync(long artifactId, string commitHash, string? digest, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var row = await c.QuerySingleOrDefaultAsync<(string State, long CollectionId)>(
                $"SELECT state, collection_id FROM artifacts WHERE id = @artifactId{_sql.ForUpdate};", new { artifactId }, tx);
            if (row.State != ArtifactStates.Pending)
            {
                return false;
            }

            var index = await c.ExecuteScalarAsync<long>(
                _sql.IncrementReturningPrevious("artifact_collections", "next_version", "id = @id"),
                new { id = row.CollectionId }, tx);
            await c.ExecuteAsync(
                $"""
                UPDATE artifacts SET state = @committed, version_index = @index, commit_hash = @commitHash, updated_at = @at,
                    digest = COALESCE(@digest, digest),
                    file_count = (SELECT COUNT(*) FROM artifact_files f WHERE f.artifact_id = @artifactId),
                    size_bytes = (SELECT {_sql.SumOrZero("f.size_bytes")} FROM artifact_files f WHERE f.artifact_id = @artifactId)
                WHERE id = @artifactId;
                """,
                new { committed = ArtifactStates.Committed, index, commitHash, digest, at = at.ToUnixTimeMilliseconds(), artifactId }, tx);
            await tx.CommitAsync();
            return true;
        });

    /// <inheritdoc />
    public Task SetAliasesAsync(long collectionId, long artifactId, IReadOnlyList<string> add, IReadOnlyList<string> remove, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var moved = add.Count == 0
                ? []
                : (await c.QueryAsync<long>(
                    "SELECT artifact_id FROM artifact_aliases WHERE collection_id = @collectionId AND alias IN @add;",
                    new { collectionId, add }, tx)).AsList();
            foreach (var alias in add)
            {
                await c.ExecuteAsync(
                    $"""
                    INSERT INTO artifact_aliases (collection_id, alias, artifact_id) VALUES (@collectionId, @alias, @artifactId)
                    {_sql.OnConflictUpdate("collection_id, alias", $"artifact_id = {_sql.Incoming("artifact_id")}")};
                    """,
                    new { collectionId, alias, artifactId }, tx);
            }

            if (remove.Count > 0)
            {
                await c.ExecuteAsync(
                    "DELETE FROM artifact_aliases WHERE collection_id = @collectionId AND artifact_id = @artifactId AND alias IN @remove;",
                    new { collectionId, artifactId, remove }, tx);
            }

            await c.ExecuteAsync(
                "UPDATE artifacts SET updated_at = @at WHERE id IN @ids;",
                new { at = at.ToUnixTimeMilliseconds(), ids = moved.Append(artifactId).Distinct().ToList() }, tx);
            await tx.CommitAsync();
        });

    /// <inheritdoc />
    public Task<FreedObjects> DeleteVersionsAsync(long collectionId, IReadOnlyList<long>? artifactIds) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var ids = (artifactIds ?? (await c.QueryAsync<long>(
                "SELECT id FROM artifacts WHERE collection_id = @collectionId;", new { collectionId }, tx)).AsList()).ToList();
            var objectKeys = new List<string>();
            long bytes = 0;
            List<long> linkedPortfolios = [];
            if (ids.Count > 0)
            {
                var manifests = await c.QueryAsync<(long Id, long Size)>(
                    "SELECT id, size_bytes FROM artifact_manifests WHERE artifact_id IN @ids AND uploaded_at IS NOT NULL;", new { ids }, tx);
                foreach (var (id, size) in manifests)
                {
                    objectKeys.Add(ArtifactObjects.ManifestKey(id));
                    bytes += size;
                }

                var candidates = (await c.QueryAsync<string>(
                    """
                    SELECT md5_hex FROM artifact_files WHERE artifact_id IN @ids AND md5_hex IS NOT NULL
                    UNION SELECT md5_hex FROM artifact_staged_files WHERE artifact_id IN @ids;
                    """,
                    new { ids }, tx)).AsList();
                // Links of these versions go with them; the portfolios they leave get their "latest" back below.
                linkedPortfolios = (await c.QueryAsync<long>(
                    "SELECT DISTINCT collection_id FROM artifact_links WHERE artifact_id IN @ids;", new { ids }, tx)).AsList();
                foreach (var table in new[] { "artifact_files", "artifact_staged_files", "artifact_manifests", "artifact_aliases", "artifact_usages", "artifact_links" })
                {
                    await c.ExecuteAsync($"DELETE FROM {table} WHERE artifact_id IN @ids;", new { ids }, tx);
                }

                await c.ExecuteAsync("DELETE FROM artifacts WHERE id IN @ids;", new { ids }, tx);

                if (candidates.Count > 0)
                {
                    var freed = await c.QueryAsync<(string Md5Hex, long Size)>(
                        $"""
                        SELECT b.md5_hex, b.size_bytes FROM artifact_contents b
                        WHERE b.md5_hex IN @candidates AND NOT {string.Format(ContentIsReferenced, "b.md5_hex")};
                        """,
                        new { candidates }, tx);
                    var freedHexes = new List<string>();
                    foreach (var (md5Hex, size) in freed)
                    {
                        freedHexes.Add(md5Hex);
                        objectKeys.Add(ArtifactObjects.BlobKey(md5Hex));
                        bytes += size;
                    }

                    if (freedHexes.Count > 0)
                    {
                        await c.ExecuteAsync("DELETE FROM artifact_contents WHERE md5_hex IN @freedHexes;", new { freedHexes }, tx);
                        await c.ExecuteAsync("DELETE FROM artifact_project_contents WHERE md5_hex IN @freedHexes;", new { freedHexes }, tx);
                    }
                }
            }

            foreach (var portfolioId in linkedPortfolios)
            {
                await RestoreLatestLinkAsync(c, portfolioId, tx);
            }

            if (artifactIds is null)
            {
                // A portfolio holds links, not versions: deleting it removes the links and leaves the versions alone.
                await c.ExecuteAsync("DELETE FROM artifact_links WHERE collection_id = @collectionId;", new { collectionId }, tx);
                await c.ExecuteAsync("DELETE FROM artifact_aliases WHERE collection_id = @collectionId;", new { collectionId }, tx);
                await c.ExecuteAsync("DELETE FROM artifact_collection_tags WHERE collection_id = @collectionId;", new { collectionId }, tx);
                await c.ExecuteAsync("DELETE FROM artifact_collections WHERE id = @collectionId;", new { collectionId }, tx);
            }
            else
            {
                // "latest" always names the newest committed version, so it moves back when that one goes.
                await c.ExecuteAsync(
                    _sql.InsertIgnoring(
                        """
                        artifact_aliases (collection_id, alias, artifact_id)
                        SELECT @collectionId, 'latest', a.id FROM artifacts a
                        WHERE a.collection_id = @collectionId AND a.state = @committed
                        ORDER BY a.version_index DESC LIMIT 1
                        """,
                        "collection_id, alias") + ";",
                    new { collectionId, committed = ArtifactStates.Committed }, tx);
            }

            await tx.CommitAsync();
            return new FreedObjects(ids.Count, objectKeys, bytes);
        });

    /// <inheritdoc />
    public Task<ArtifactManifestInfo> UpsertManifestAsync(long artifactId, string name, string? digest, string kind, long? baseArtifactId, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            // Every distributed writer names its patch alike; each gets a row of its own (its digest, its upload).
            var rowName = kind == ArtifactManifestKinds.Patch ? $"{name}#{Guid.NewGuid():N}" : name;
            await c.ExecuteAsync(
                $"""
                INSERT INTO artifact_manifests (artifact_id, name, digest, created_at, kind, base_artifact_id)
                VALUES (@artifactId, @rowName, @digest, @at, @kind, @baseArtifactId)
                {_sql.OnConflictUpdate("artifact_id, name", $"digest = {_sql.Incoming("digest")}, kind = {_sql.Incoming("kind")}, base_artifact_id = {_sql.Incoming("base_artifact_id")}")};
                """,
                new { artifactId, rowName, digest = string.IsNullOrEmpty(digest) ? null : digest, at = at.ToUnixTimeMilliseconds(), kind, baseArtifactId });
            var row = await c.QuerySingleAsync<ManifestRow>(
                $"SELECT {ManifestColumns} FROM artifact_manifests WHERE artifact_id = @artifactId AND name = @rowName;",
                new { artifactId, rowName });
            return row.ToInfo();
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactManifestInfo>> ListManifestsAsync(long artifactId) =>
        database.RunAsync(async c => (IReadOnlyList<ArtifactManifestInfo>)(await c.QueryAsync<ManifestRow>(
                $"SELECT {ManifestColumns} FROM artifact_manifests WHERE artifact_id = @artifactId ORDER BY id;", new { artifactId }))
            .Select(row => row.ToInfo()).ToList());

    /// <inheritdoc />
    public Task<ArtifactManifestInfo?> UpdateManifestDigestAsync(long manifestId, string? digest) =>
        database.RunAsync(async c =>
        {
            await c.ExecuteAsync(
                "UPDATE artifact_manifests SET digest = COALESCE(@digest, digest) WHERE id = @manifestId;",
                new { manifestId, digest = string.IsNullOrEmpty(digest) ? null : digest });
            return (await c.QuerySingleOrDefaultAsync<ManifestRow>(
                $"SELECT {ManifestColumns} FROM artifact_manifests WHERE id = @manifestId;", new { manifestId }))?.ToInfo();
        });

    /// <inheritdoc />
    public Task<ArtifactManifestInfo?> GetManifestAsync(long manifestId) =>
        database.RunAsync(async c => (await c.QuerySingleOrDefaultAsync<ManifestRow>(
            $"SELECT {ManifestColumns} FROM artifact_manifests WHERE id = @manifestId;", new { manifestId }))?.ToInfo());

    /// <inheritdoc />
    public Task SaveManifestFilesAsync(long manifestId, long sizeBytes, IReadOnlyList<ArtifactFileEntry> files, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var artifactId = await c.ExecuteScalarAsync<long>(
                _sql.UpdateReturning("artifact_manifests", "uploaded_at = @at, size_bytes = @sizeBytes", "id = @manifestId", "artifact_id"),
                new { manifestId, sizeBytes, at = at.ToUnixTimeMilliseconds() }, tx);
            var manifest = await c.QuerySingleAsync<(string Kind, long? BaseArtifactId)>(
                "SELECT kind, base_artifact_id FROM artifact_manifests WHERE id = @manifestId;", new { manifestId }, tx);
            if (manifest.Kind == ArtifactManifestKinds.Patch)
            {
                // Laid over the other writers' files: only the paths this patch names are replaced.
                await c.ExecuteAsync(
                    $"DELETE FROM artifact_files WHERE artifact_id = @artifactId AND {_sql.LongKeyEquals("path", "@Path")};",
                    files.Select(f => new { artifactId, f.Path }), tx);
            }
            else
            {
                await c.ExecuteAsync("DELETE FROM artifact_files WHERE artifact_id = @artifactId;", new { artifactId }, tx);
                if (manifest is { Kind: ArtifactManifestKinds.Incremental, BaseArtifactId: { } baseId })
                {
                    // The base version's files, then this manifest's entries in their place.
                    await c.ExecuteAsync(
                        $"""
                        INSERT INTO artifact_files (artifact_id, {_sql.LongKeyColumns("path")}, digest, md5_hex, size_bytes, birth_artifact_id, ref)
                        SELECT @artifactId, {_sql.LongKeyColumns("path")}, digest, md5_hex, size_bytes, birth_artifact_id, ref
                        FROM artifact_files WHERE artifact_id = @baseId;
                        """,
                        new { artifactId, baseId }, tx);
                    await c.ExecuteAsync(
                        $"DELETE FROM artifact_files WHERE artifact_id = @artifactId AND {_sql.LongKeyEquals("path", "@Path")};",
                        files.Select(f => new { artifactId, f.Path }), tx);
                }
            }

            await c.ExecuteAsync(
                $"""
                INSERT INTO artifact_files (artifact_id, {_sql.LongKeyColumns("path")}, digest, md5_hex, size_bytes, birth_artifact_id, ref)
                VALUES (@artifactId, {_sql.LongKeyValues("@Path")}, @Digest, @Md5Hex, @SizeBytes, @BirthArtifactId, @Ref);
                """,
                files.Select(f => new { artifactId, f.Path, f.Digest, f.Md5Hex, f.SizeBytes, f.BirthArtifactId, f.Ref }),
                tx);
            await tx.CommitAsync();
        });

    /// <inheritdoc />
    public Task<ArtifactFilePage> ListFilesAsync(long artifactId, IReadOnlyList<string>? names, string? after, int first) =>
        database.RunAsync(async c =>
        {
            var byName = names is { Count: > 0 } ? " AND path IN @names" : "";
            var total = await c.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM artifact_files WHERE artifact_id = @artifactId{byName};", new { artifactId, names });
            // A content is listed (and so downloadable) only once the version's project holds it: a pending version's
            // manifest may name any MD5, which must not open someone else's bytes before the commit checks it.
            var rows = (await c.QueryAsync<FileRow>(
                $"""
                SELECT f.path AS Path, f.digest AS Digest,
                       CASE WHEN EXISTS (SELECT 1 FROM artifact_project_contents pc
                                         WHERE pc.entity = c.entity AND pc.project = c.project AND pc.md5_hex = f.md5_hex)
                            THEN f.md5_hex ELSE NULL END AS Md5Hex,
                       f.size_bytes AS SizeBytes, f.birth_artifact_id AS BirthArtifactId, f.ref AS Ref
                FROM artifact_files f JOIN artifacts a ON a.id = f.artifact_id JOIN artifact_collections c ON c.id = a.collection_id
                WHERE f.artifact_id = @artifactId{byName.Replace("path", "f.path", StringComparison.Ordinal)} AND (@after IS NULL OR f.path > @after)
                ORDER BY f.path LIMIT @limit;
                """,
                new { artifactId, names, after = string.IsNullOrEmpty(after) ? null : after, limit = (long)first + 1 })).AsList();
            var page = rows.Take(first).Select(r => r.ToEntry()).ToList();
            return new ArtifactFilePage(page, rows.Count > first, total);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<BlobStatus>> StageContentsAsync(long artifactId, IReadOnlyList<string> md5Hexes, DateTimeOffset at) =>
        database.RunAsync(async c =>
        {
            await using var tx = await _sql.BeginWriteAsync(c);
            var distinct = md5Hexes.Distinct(StringComparer.Ordinal).ToList();
            await c.ExecuteAsync(
                _sql.InsertIgnoring("artifact_staged_files (artifact_id, md5_hex) VALUES (@artifactId, @md5Hex)") + ";",
                distinct.Select(md5Hex => new { artifactId, md5Hex }), tx);

            // Stored only for this project: content that only other projects hold is new here (the client uploads it
            // and the upload is checked), so the answer reveals nothing beyond what the caller may read. The birth is
            // the project's first committed version holding it, or this version.
            var stored = (await c.QueryAsync<(string Md5Hex, long? Birth)>(
                    """
                    SELECT pc.md5_hex,
                           (SELECT MIN(f.artifact_id) FROM artifact_files f
                            JOIN artifacts a2 ON a2.id = f.artifact_id JOIN artifact_collections c2 ON c2.id = a2.collection_id
                            WHERE f.md5_hex = pc.md5_hex AND c2.entity = pc.entity AND c2.project = pc.project AND a2.state = @committed)
                    FROM artifacts a JOIN artifact_collections c ON c.id = a.collection_id
                    JOIN artifact_project_contents pc ON pc.entity = c.entity AND pc.project = c.project
                    JOIN artifact_contents b ON b.md5_hex = pc.md5_hex
                    WHERE a.id = @artifactId AND pc.md5_hex IN @distinct;
                    """,
                    new { artifactId, distinct, committed = ArtifactStates.Committed }, tx))
                .ToDictionary(r => r.Md5Hex, r => r.Birth, StringComparer.Ordinal);
            await tx.CommitAsync();
            return (IReadOnlyList<BlobStatus>)md5Hexes
                .Select(md5Hex => stored.TryGetValue(md5Hex, out var birth)
                    ? new BlobStatus(md5Hex, true, birth ?? artifactId)
                    : new BlobStatus(md5Hex, false, artifactId))
                .ToList();
        });

    /// <inheritdoc />
    public Task ProveContentAsync(string entity, string project, string md5Hex) =>
        database.RunAsync(c => c.ExecuteAsync(
            _sql.InsertIgnoring("artifact_project_contents (entity, project, md5_hex) VALUES (@entity, @project, @md5Hex)") + ";",
            new { entity, project, md5Hex }));

    /// <inheritdoc />
    public Task<bool> IsStoredAsync(string md5Hex) =>
        database.RunAsync(async c => await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM artifact_contents WHERE md5_hex = @md5Hex;", new { md5Hex }) > 0);

    /// <inheritdoc />
    public Task RegisterContentAsync(string md5Hex, long sizeBytes, DateTimeOffset at) =>
        database.RunAsync(c => c.ExecuteAsync(
            $"""
            INSERT INTO artifact_contents (md5_hex, size_bytes, birth_artifact_id, created_at)
            VALUES (@md5Hex, @sizeBytes, (SELECT MIN(s.artifact_id) FROM artifact_staged_files s WHERE s.md5_hex = @md5Hex), @at)
            {_sql.OnConflictUpdate("md5_hex", $"size_bytes = {_sql.Incoming("size_bytes")}")};
            """,
            new { md5Hex, sizeBytes, at = at.ToUnixTimeMilliseconds() }));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ProjectsReferencingContentAsync(string entity, string md5Hex) =>
        database.RunAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(
            """
            SELECT DISTINCT c.project FROM artifact_files f
            JOIN artifacts a ON a.id = f.artifact_id JOIN artifact_collections c ON c.id = a.collection_id
            JOIN artifact_project_contents pc ON pc.entity = c.entity AND pc.project = c.project AND pc.md5_hex = f.md5_hex
            WHERE f.md5_hex = @md5Hex AND c.entity = @entity
            UNION
            SELECT DISTINCT p.project FROM artifact_links l JOIN artifact_collections p ON p.id = l.collection_id
            JOIN artifact_files f ON f.artifact_id = l.artifact_id
            JOIN artifacts a ON a.id = l.artifact_id JOIN artifact_collections c ON c.id = a.collection_id
            JOIN artifact_project_contents pc ON pc.entity = c.entity AND pc.project = c.project AND pc.md5_hex = f.md5_hex
            WHERE f.md5_hex = @md5Hex AND p.entity = @entity;
            """,
            new { entity, md5Hex })).ToList());

    /// <inheritdoc />
    public Task<StorageUsage> GetStorageUsageAsync(string entity, string? project) =>
        database.RunAsync(async c =>
        {
            const string OfScope = """
                JOIN artifacts a ON a.id = x.artifact_id JOIN artifact_collections c ON c.id = a.collection_id
                WHERE c.entity = @entity AND (@project IS NULL OR c.project = @project)
                """;
            var contents = await c.QuerySingleAsync<(long Bytes, long Count)>(
                $"""
                SELECT {_sql.SumOrZero("b.size_bytes")}, COUNT(*) FROM artifact_contents b WHERE b.md5_hex IN (
                    SELECT x.md5_hex FROM artifact_files x {OfScope} AND x.md5_hex IS NOT NULL
                    UNION SELECT x.md5_hex FROM artifact_staged_files x {OfScope});
                """,
                new { entity, project });
            var manifests = await c.QuerySingleAsync<(long Bytes, long Count)>(
                $"SELECT {_sql.SumOrZero("x.size_bytes")}, COUNT(*) FROM artifact_manifests x {OfScope} AND x.uploaded_at IS NOT NULL;",
                new { entity, project });
            return new StorageUsage(entity, project, contents.Bytes + manifests.Bytes, contents.Count + manifests.Count);
        });

    /// <inheritdoc />
    public Task<ClientIdMatch?> FindByClientIdAsync(string clientId) =>
        database.RunAsync(async c =>
        {
            var artifactId = await c.ExecuteScalarAsync<long?>(
                "SELECT id FROM artifacts WHERE client_id = @clientId ORDER BY id DESC LIMIT 1;", new { clientId });
            if (artifactId is { } id)
            {
                return new ClientIdMatch(false, id);
            }

            var collectionId = await c.ExecuteScalarAsync<long?>(
                "SELECT id FROM artifact_collections WHERE client_id = @clientId LIMIT 1;", new { clientId });
            return collectionId is { } cid ? new ClientIdMatch(true, cid) : null;
        });

    /// <inheritdoc />
    public Task RecordUseAsync(string entity, string project, string runName, long artifactId, string? usedAs, DateTimeOffset at) =>
        database.RunAsync(c => c.ExecuteAsync(
            $"""
            INSERT INTO artifact_usages (entity, project, run_name, artifact_id, used_as, used_at)
            VALUES (@entity, @project, @runName, @artifactId, @usedAs, @at)
            {_sql.OnConflictUpdate(
                "entity, project, run_name, artifact_id",
                $"used_as = COALESCE({_sql.Incoming("used_as")}, {_sql.Existing("artifact_usages", "used_as")})")};
            """,
            new { entity, project, runName, artifactId, usedAs, at = at.ToUnixTimeMilliseconds() }));

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactVersion>> ListRunArtifactsAsync(string entity, string project, string runName, bool inputs) =>
        database.RunAsync(c => inputs
            ? QueryVersionsAsync(
                c,
                """
                a.id IN (SELECT u.artifact_id FROM artifact_usages u
                         WHERE u.entity = @entity AND u.project = @project AND u.run_name = @runName) ORDER BY a.id
                """,
                new { entity, project, runName })
            : QueryVersionsAsync(
                c, "c.entity = @entity AND c.project = @project AND a.run_name = @runName ORDER BY a.id",
                new { entity, project, runName }));

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactUse>> ListUsesAsync(long artifactId) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<(string Entity, string Project, string RunName, string? UsedAs)>(
                "SELECT entity, project, run_name, used_as FROM artifact_usages WHERE artifact_id = @artifactId ORDER BY used_at, entity, project, run_name;",
                new { artifactId });
            return (IReadOnlyList<ArtifactUse>)rows.Select(r => new ArtifactUse(r.Entity, r.Project, r.RunName, r.UsedAs)).ToList();
        });

    private static async Task<ArtifactTypeInfo?> QueryTypeAsync(DbConnection c, string entity, string project, string name)
    {
        var row = await c.QuerySingleOrDefaultAsync<TypeRow>(
            $"""
            SELECT {TypeRow.Columns}
            FROM artifact_types WHERE entity = @entity AND project = @project AND name = @name;
            """,
            new { entity, project, name });
        return row?.ToInfo();
    }

    private static async Task<ArtifactCollectionInfo?> QueryCollectionAsync(DbConnection c, string where, object parameters) =>
        (await c.QuerySingleOrDefaultAsync<CollectionRow>(
            $"SELECT {CollectionColumns} FROM artifact_collections WHERE {where};", parameters))?.ToInfo();

    private static async Task<IReadOnlyList<ArtifactVersion>> QueryVersionsAsync(
        DbConnection c, string whereAndOrder, object parameters, IDbTransaction? tx = null)
    {
        var rows = (await c.QueryAsync<VersionRow>($"{VersionSelect} WHERE {whereAndOrder};", parameters, tx)).AsList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var aliases = (await c.QueryAsync<(long ArtifactId, string Alias)>(
                """
                SELECT l.artifact_id, l.alias FROM artifact_aliases l JOIN artifacts a ON a.id = l.artifact_id AND a.collection_id = l.collection_id
                WHERE l.artifact_id IN @ids ORDER BY l.alias;
                """,
                new { ids },
                tx))
            .ToLookup(a => a.ArtifactId, a => a.Alias);
        return rows.Select(r => r.ToVersion(aliases[r.Id].ToList())).ToList();
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
