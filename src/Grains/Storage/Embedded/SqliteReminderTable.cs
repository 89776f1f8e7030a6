using Dapper;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// Orleans reminders in the embedded SQLite database (table <c>reminders</c>), so that the crash detection of
/// running runs survives a restart. Rows are scoped by service id; ETags are fresh GUIDs per write.
/// </summary>
public sealed class SqliteReminderTable(SqliteDatabase database, IOptions<ClusterOptions> clusterOptions) : IReminderTable
{
    private const string Columns =
        "grain_id AS GrainId, reminder_name AS ReminderName, start_at AS StartAt, period_ms AS PeriodMs, etag AS ETag";

    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => database.EnsureMigratedAsync();

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        QueryAsync("grain_id = @grainId", new { serviceId = _serviceId, grainId = grainId.ToString() });

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>

        // The range is (begin, end], wrapping around the ring when begin >= end.
        QueryAsync(
            begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)",
            new { serviceId = _serviceId, begin = (long)begin, end = (long)end });

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var data = await QueryAsync(
            "grain_id = @grainId AND reminder_name = @reminderName",
            new { serviceId = _serviceId, grainId = grainId.ToString(), reminderName });
        return data.Reminders.FirstOrDefault();
    }

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) =>
        database.RunAsync(async c =>
        {
            var etag = Guid.NewGuid().ToString("N");
            await c.ExecuteAsync(
                """
                INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms, etag)
                VALUES (@serviceId, @grainId, @reminderName, @hash, @startAt, @periodMs, @etag)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                    grain_hash = excluded.grain_hash, start_at = excluded.start_at,
                    period_ms = excluded.period_ms, etag = excluded.etag;
                """,
                new
                {
                    serviceId = _serviceId,
                    grainId = entry.GrainId.ToString(),
                    reminderName = entry.ReminderName,
                    hash = (long)entry.GrainId.GetUniformHashCode(),
                    startAt = new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
                    periodMs = (long)entry.Period.TotalMilliseconds,
                    etag,
                });
            return (string?)etag;
        });

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            """
            DELETE FROM reminders
            WHERE service_id = @serviceId AND grain_id = @grainId AND reminder_name = @reminderName AND etag = @eTag;
            """,
            new { serviceId = _serviceId, grainId = grainId.ToString(), reminderName, eTag }) == 1);

    /// <inheritdoc />
    public Task TestOnlyClearTable() =>
        database.RunAsync(c => c.ExecuteAsync(
            "DELETE FROM reminders WHERE service_id = @serviceId;", new { serviceId = _serviceId }));

    private Task<ReminderTableData> QueryAsync(string where, object parameters) =>
        database.RunAsync(async c =>
        {
            var rows = await c.QueryAsync<ReminderRow>(
                $"SELECT {Columns} FROM reminders WHERE service_id = @serviceId AND {where};", parameters);
            return new ReminderTableData(rows.Select(r => new ReminderEntry
            {
                GrainId = GrainId.Parse(r.GrainId),
                ReminderName = r.ReminderName,
                StartAt = DateTimeOffset.FromUnixTimeMilliseconds(r.StartAt).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(r.PeriodMs),
                ETag = r.ETag,
            }));
        });

    private sealed class ReminderRow
    {
        public string GrainId { get; set; } = "";
        public string ReminderName { get; set; } = "";
        public long StartAt { get; set; }
        public long PeriodMs { get; set; }
        public string ETag { get; set; } = "";
    }
}
