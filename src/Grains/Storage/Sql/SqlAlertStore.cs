using Dapper;
using Orleans.Wandb.Contracts.Alerts;
using Orleans.Wandb.Grains.Storage.Rows;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary><see cref="IAlertStore"/> on SQLite or MySQL (the <c>run_alerts</c> table of both schemas); times are epoch milliseconds.</summary>
public sealed class SqlAlertStore(ISqlDatabase database) : IAlertStore
{
    private const string Columns = """
        id AS Id, entity AS Entity, project AS Project, run_name AS RunName, title AS Title, text AS Text, severity AS Severity,
        wait_seconds AS WaitSeconds, rate_limited AS RateLimited, created_by AS CreatedBy, created_at AS CreatedAt
        """;

    private readonly ISqlDialect _sql = database.Dialect;

    /// <inheritdoc />
    public Task<RunAlert> InsertAsync(RunAlert alert) =>
        database.RunAsync(async c =>
        {
            var id = await c.ExecuteScalarAsync<long>(
                _sql.InsertReturningId(
                    """
                    INSERT INTO run_alerts (entity, project, run_name, title, text, severity, wait_seconds, rate_limited, created_by, created_at)
                    VALUES (@Entity, @Project, @RunName, @Title, @Text, @Severity, @WaitDurationSeconds, @limited, @CreatedBy, @at)
                    """),
                new
                {
                    alert.Entity,
                    alert.Project,
                    alert.RunName,
                    alert.Title,
                    alert.Text,
                    alert.Severity,
                    alert.WaitDurationSeconds,
                    limited = alert.RateLimited ? 1 : 0,
                    alert.CreatedBy,
                    at = alert.CreatedAt.ToUnixTimeMilliseconds(),
                });
            return alert with { Id = id };
        });

    /// <inheritdoc />
    public Task<DateTimeOffset?> LastNotifiedAsync(string entity, string project, string runName, string title) =>
        database.RunAsync(async c =>
        {
            var ms = await c.ExecuteScalarAsync<long?>(
                """
                SELECT MAX(created_at) FROM run_alerts
                WHERE entity = @entity AND project = @project AND run_name = @runName AND title = @title AND rate_limited = 0;
                """,
                new { entity, project, runName, title });
            return ms is { } value ? EpochMs.ToTime(value) : (DateTimeOffset?)null;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<RunAlert>> ListRunAsync(string entity, string project, string runName, int first) =>
        database.RunAsync(async c => (IReadOnlyList<RunAlert>)(await c.QueryAsync<AlertRow>(
                $"SELECT {Columns} FROM run_alerts WHERE entity = @entity AND project = @project AND run_name = @runName ORDER BY id DESC LIMIT @first;",
                new { entity, project, runName, first = (long)first }))
            .Select(row => row.ToAlert()).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<RunAlert>> ListProjectAsync(string entity, string project, int first) =>
        database.RunAsync(async c => (IReadOnlyList<RunAlert>)(await c.QueryAsync<AlertRow>(
                $"SELECT {Columns} FROM run_alerts WHERE entity = @entity AND project = @project ORDER BY id DESC LIMIT @first;",
                new { entity, project, first = (long)first }))
            .Select(row => row.ToAlert()).ToList());
}
