namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class ApiKeyRow
{
    public long Id { get; set; }
    public string Masked { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }
}
