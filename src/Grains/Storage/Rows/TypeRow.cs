namespace Orleans.Wandb.Grains.Storage.Rows;

// Dapper materialises these by property name; they never leave this class.
internal sealed class TypeRow
{
    public long Id { get; set; }
    public string Entity { get; set; } = "";
    public string Project { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
}
