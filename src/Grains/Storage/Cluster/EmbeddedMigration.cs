using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Grains.Storage.RunLogs;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Copies an embedded data folder into a cluster: metadata, grain state and reminders from SQLite to MySQL, run
/// logs, compacted history and files from disk to the blob container; then verifies row counts and checksums. Safe to run again:
/// rows are upserted by key, and objects that are already there with the same bytes are skipped (an object that
/// differs is reported, never overwritten, since the cluster may have written to it since).
/// </summary>
/// <remarks>
/// Ids are kept, so run ids in grain state and file rows stay valid; run logs land in segment 0 byte for byte,
/// so the log positions grain state checkpoints stay valid too (see <see cref="BlobRunLogStore"/>). History
/// segments and their manifest are copied as they are (<see cref="HistoryMigration"/>), so a run replays only the
/// log past its manifest. Run the migration with the embedded server stopped and before the cluster serves traffic.
/// </remarks>
public sealed partial class EmbeddedMigration(
    SqliteDatabase source,
    IOptions<StorageOptions> sourceOptions,
    MySqlDatabase target,
    BlobContainerFactory containers,
    IOptions<ClusterStorageOptions> clusterOptions,
    ILogger<EmbeddedMigration> logger)
{
    // Parents before children, so foreign keys hold while rows arrive.
    private static readonly string[] Tables =
    [
        "entities", "users", "memberships", "api_keys", "projects", "runs", "run_files",
        "artifact_types", "artifact_collections", "artifacts", "artifact_aliases", "artifact_manifests", "artifact_files",
        "artifact_staged_files", "artifact_contents", "artifact_project_contents", "artifact_usages", "artifact_collection_tags", "audit_log", "team_invites",
    ];

    /// <summary>Copies everything, then verifies it.</summary>
    public async Task<MigrationReport> RunAsync(CancellationToken cancellationToken)
    {
        await source.EnsureMigratedAsync();
        await target.EnsureMigratedAsync(cancellationToken);
        await containers.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var problems = new List<string>();
        var rows = new Dictionary<string, long>();

        await using (var sqlite = new SqliteConnection($"Data Source={source.DatabasePath};Mode=ReadOnly"))
        await using (var mysql = await target.OpenAsync(cancellationToken))
        {
            await sqlite.OpenAsync(cancellationToken);
            foreach (var table in Tables)
            {
                rows[table] = await CopyTableAsync(sqlite, mysql, table);
            }

            rows["grain_state"] = await CopyGrainStateAsync(sqlite, mysql);
            rows["reminders"] = await CopyRemindersAsync(sqlite, mysql);

            foreach (var table in Tables)
            {
                var copied = await mysql.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table};");
                if (copied < rows[table])
                {
                    problems.Add($"{table}: {rows[table]} rows in SQLite, {copied} in MySQL");
                }
            }
        }

        var dataDir = Path.GetFullPath(sourceOptions.Value.DataDir);
        var logs = await CopyRunLogsAsync(Path.Combine(dataDir, "history"), problems, cancellationToken);
        var (historyRuns, historyBlobs, historyBytes) = await CopyHistoryAsync(Path.Combine(dataDir, "segments"), logs, problems, cancellationToken);
        var (files, fileBytes) = await CopyFilesAsync(Path.Combine(dataDir, "files"), problems, cancellationToken);
        return new MigrationReport(rows, logs.Count, historyRuns, historyBlobs, files, logs.Values.Sum() + historyBytes + fileBytes, problems);
    }

    private static async Task<long> CopyTableAsync(SqliteConnection sqlite, MySqlConnector.MySqlConnection mysql, string table)
    {
        var count = 0L;
        await using var reader = await sqlite.ExecuteReaderAsync($"SELECT * FROM {table};");
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var names = columns.ToList();
        var values = columns.Select(c => "@" + c).ToList();
        if (table == "run_files")
        {
            // MySQL keys run files and artifact files by the SHA-256 of their name (too long for an index).
            names.Add("name_hash");
            values.Add("UNHEX(SHA2(@name, 256))");
        }
        else if (table == "artifact_files")
        {
            names.Add("path_hash");
            values.Add("UNHEX(SHA2(@path, 256))");
        }

        var sql = $"""
            INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})
            ON DUPLICATE KEY UPDATE {string.Join(", ", columns.Select(c => $"{c} = VALUES({c})"))};
            """;
        while (await reader.ReadAsync())
        {
            var parameters = new DynamicParameters();
            foreach (var (column, i) in columns.Select((c, i) => (c, i)))
            {
                parameters.Add(column, reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            await mysql.ExecuteAsync(sql, parameters);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Grain state rows, keyed as Orleans' ADO.NET provider keys them: the state name, and the grain key split into
    /// N0/N1/string the way the provider does (integer keys in N1, GUID keys in N0+N1, string keys as text).
    /// Both stores hold the payload in Orleans' binary serialization, so it is copied unchanged.
    /// </summary>
    private async Task<long> CopyGrainStateAsync(SqliteConnection sqlite, MySqlConnector.MySqlConnection mysql)
    {
        var serviceId = clusterOptions.Value.ServiceId;
        var count = 0L;
        foreach (var row in await sqlite.QueryAsync<(string GrainType, string GrainId, string StateName, byte[] Payload)>(
                     "SELECT grain_type, grain_id, state_name, payload FROM grain_state;"))
        {
            var grainId = GrainId.Create(row.GrainType, row.GrainId);
            long n0 = 0, n1 = 0;
            string? extension;
            if (grainId.TryGetGuidKey(out var guid, out extension))
            {
                var bytes = guid.ToByteArray();
                n0 = BitConverter.ToInt64(bytes, 0);
                n1 = BitConverter.ToInt64(bytes, 8);
            }
            else if (grainId.TryGetIntegerKey(out var integer, out extension))
            {
                n1 = integer;
            }
            else
            {
                extension = grainId.Key.ToString();
            }

            await mysql.ExecuteAsync(
                """
                INSERT INTO OrleansStorage (StateKey, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
                                            PayloadBinary, ModifiedOn, Version)
                VALUES (UNHEX(SHA2(CONCAT_WS('|', @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                                             COALESCE(CONCAT('s:', @GrainIdExtensionString), 'n')), 256)),
                        @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @Payload, UTC_TIMESTAMP(3), 1)
                ON DUPLICATE KEY UPDATE PayloadBinary = VALUES(PayloadBinary), ModifiedOn = VALUES(ModifiedOn), Version = Version + 1;
                """,
                new
                {
                    ServiceId = serviceId,
                    GrainTypeString = row.StateName,
                    GrainIdN0 = n0,
                    GrainIdN1 = n1,
                    GrainIdExtensionString = extension,
                    row.Payload,
                });
            count++;
        }

        return count;
    }

    private async Task<long> CopyRemindersAsync(SqliteConnection sqlite, MySqlConnector.MySqlConnection mysql)
    {
        var count = 0L;
        foreach (var row in await sqlite.QueryAsync<(string GrainId, string ReminderName, long StartAt, long PeriodMs)>(
                     "SELECT grain_id, reminder_name, start_at, period_ms FROM reminders;"))
        {
            var grainId = GrainId.Parse(row.GrainId);
            await mysql.ExecuteAsync(
                """
                INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
                ON DUPLICATE KEY UPDATE StartTime = VALUES(StartTime), Period = VALUES(Period), Version = Version + 1;
                """,
                new
                {
                    clusterOptions.Value.ServiceId,
                    row.GrainId,
                    row.ReminderName,
                    StartTime = DateTimeOffset.FromUnixTimeMilliseconds(row.StartAt).UtcDateTime,
                    Period = row.PeriodMs,
                    GrainHash = (int)grainId.GetUniformHashCode(),
                });
            count++;
        }

        return count;
    }

    /// <summary>
    /// Each run's log file (its intact prefix) becomes segment 0 of the run's blob log, byte for byte.
    /// Returns the bytes copied and verified per run key.
    /// </summary>
    private async Task<Dictionary<string, long>> CopyRunLogsAsync(string root, List<string> problems, CancellationToken cancellationToken)
    {
        var copied = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return copied;
        }

        foreach (var path in Directory.EnumerateFiles(root, "*.log", SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
            if (parts.Length != 3)
            {
                continue;
            }

            var runKey = RunKey.From(parts[0], parts[1], Path.GetFileNameWithoutExtension(parts[2]));
            byte[] content;
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                content = new byte[LogFrameReader.ValidLength(file)];
                file.Position = 0;
                await file.ReadExactlyAsync(content, cancellationToken);
            }

            var blob = containers.Container.GetAppendBlobClient(BlobRunLogStore.SegmentName(runKey, 0));
            var existing = await DownloadIfExistsAsync(blob, cancellationToken);
            if (existing is null)
            {
                await blob.CreateAsync(new AppendBlobCreateOptions(), cancellationToken);
                for (var offset = 0; offset < content.Length; offset += BlobRunLogStore.MaxBlockSize)
                {
                    var length = Math.Min(BlobRunLogStore.MaxBlockSize, content.Length - offset);
                    await blob.AppendBlockAsync(new MemoryStream(content, offset, length), cancellationToken: cancellationToken);
                }

                existing = await DownloadIfExistsAsync(blob, cancellationToken);
            }

            if (existing is null || !MD5.HashData(existing).AsSpan().SequenceEqual(MD5.HashData(content)))
            {
                problems.Add($"run log {runKey}: the blob differs from {path} (written by the cluster since?); left as it is");
                continue;
            }

            LogCopied("run log", runKey, content.Length);
            copied[runKey] = content.Length;
        }

        return copied;
    }

    /// <summary>Each run's compacted history under segments/{entity}/{project}/{run}/, as it is.</summary>
    private async Task<(int Runs, int Blobs, long Bytes)> CopyHistoryAsync(
        string root, Dictionary<string, long> logs, List<string> problems, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            return (0, 0, 0);
        }

        var history = new HistoryMigration(
            new FileHistorySegmentStore(sourceOptions), new BlobHistorySegmentStore(containers), logger);
        int runs = 0, blobs = 0;
        long bytes = 0;
        foreach (var manifest in Directory.EnumerateFiles(root, HistoryManifest.BlobName, SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(root, Path.GetDirectoryName(manifest)!).Split(Path.DirectorySeparatorChar);
            if (parts.Length != 3)
            {
                continue;
            }

            var runKey = RunKey.From(parts[0], parts[1], parts[2]);
            var (copied, copiedBytes) = await history.CopyRunAsync(runKey, logs.GetValueOrDefault(runKey), problems, cancellationToken);
            runs += copied > 0 ? 1 : 0;
            blobs += copied;
            bytes += copiedBytes;
        }

        return (runs, blobs, bytes);
    }

    /// <summary>Every file under files/ becomes the blob of the same object key, verified by MD5.</summary>
    private async Task<(int Count, long Bytes)> CopyFilesAsync(string root, List<string> problems, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            return (0, 0);
        }

        int count = 0;
        long bytes = 0;
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            if (LocalFileLayout.KeyOf(Path.GetRelativePath(root, path)) is not { } key)
            {
                continue; // a temporary file of an interrupted upload
            }

            byte[] md5;
            await using (var file = File.OpenRead(path))
            {
                md5 = await MD5.HashDataAsync(file, cancellationToken);
            }

            var blob = containers.Container.GetBlobClient(key);
            byte[]? stored = null;
            try
            {
                stored = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentHash;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                await using var file = File.OpenRead(path);
                await blob.UploadAsync(file, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = md5 } }, cancellationToken);
                stored = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentHash;
            }

            if (stored is null || !stored.AsSpan().SequenceEqual(md5))
            {
                problems.Add($"file {key}: the blob's MD5 differs from {path}; left as it is");
                continue;
            }

            count++;
            bytes += new FileInfo(path).Length;
        }

        LogCopied("files", root, bytes);
        return (count, bytes);
    }

    private static async Task<byte[]?> DownloadIfExistsAsync(AppendBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied {What} {Name} ({Bytes} bytes)")]
    private partial void LogCopied(string what, string name, long bytes);
}
