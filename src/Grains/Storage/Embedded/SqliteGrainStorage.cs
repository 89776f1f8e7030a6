using Dapper;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// Orleans grain persistence in the embedded SQLite database (table <c>grain_state</c>). Payloads use
/// Orleans' own serializer, so state types marked <c>[GenerateSerializer]</c>/<c>[Alias]</c> survive renames
/// (the stock ADO.NET provider's JSON with <c>$type</c> names does not). Writes are guarded by ETags.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, Serializer serializer, TimeProvider timeProvider) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        database.RunAsync(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<StateRow>(
                """
                SELECT etag AS ETag, payload AS Payload FROM grain_state
                WHERE grain_type = @type AND grain_id = @id AND state_name = @stateName;
                """,
                new { type = TypeOf(grainId), id = IdOf(grainId), stateName });
            if (row is null)
            {
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            grainState.State = serializer.Deserialize<T>(row.Payload);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        });

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.SerializeToArray(grainState.State);
        var newETag = Guid.NewGuid().ToString("N");
        return database.RunAsync(async c =>
        {
            var parameters = new
            {
                type = TypeOf(grainId),
                id = IdOf(grainId),
                stateName,
                etag = grainState.ETag,
                newETag,
                payload,
                at = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            int changed;
            if (grainState.ETag is null)
            {
                try
                {
                    changed = await c.ExecuteAsync(
                        """
                        INSERT INTO grain_state (grain_type, grain_id, state_name, etag, payload, updated_at)
                        VALUES (@type, @id, @stateName, @newETag, @payload, @at);
                        """,
                        parameters);
                }
                catch (SqliteException e) when (SqliteDatabase.IsUniqueViolation(e))
                {
                    throw new InconsistentStateException(
                        $"State {stateName} of {grainId} was written by someone else.", "(unknown)", null, e);
                }
            }
            else
            {
                changed = await c.ExecuteAsync(
                    """
                    UPDATE grain_state SET etag = @newETag, payload = @payload, updated_at = @at
                    WHERE grain_type = @type AND grain_id = @id AND state_name = @stateName AND etag = @etag;
                    """,
                    parameters);
            }

            if (changed != 1)
            {
                throw new InconsistentStateException(
                    $"State {stateName} of {grainId} changed since it was read.", "(unknown)", grainState.ETag);
            }

            grainState.ETag = newETag;
            grainState.RecordExists = true;
        });
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        database.RunAsync(async c =>
        {
            if (grainState.ETag is not null)
            {
                var changed = await c.ExecuteAsync(
                    """
                    DELETE FROM grain_state
                    WHERE grain_type = @type AND grain_id = @id AND state_name = @stateName AND etag = @etag;
                    """,
                    new { type = TypeOf(grainId), id = IdOf(grainId), stateName, etag = grainState.ETag });
                if (changed != 1)
                {
                    throw new InconsistentStateException(
                        $"State {stateName} of {grainId} changed since it was read.", "(unknown)", grainState.ETag);
                }
            }

            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        });

    private static string TypeOf(GrainId grainId) => grainId.Type.ToString()!;

    private static string IdOf(GrainId grainId) => grainId.Key.ToString()!;

    private sealed class StateRow
    {
        public string ETag { get; set; } = "";
        public byte[] Payload { get; set; } = [];
    }
}
