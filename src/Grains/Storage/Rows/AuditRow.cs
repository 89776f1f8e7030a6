namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class AuditRow
{
    public long Id { get; set; }
    public long At { get; set; }
    public long? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Detail { get; set; }
    public string? Address { get; set; }
}
