namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class UserSummaryRow
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public bool Admin { get; set; }
    public bool MustChangePassword { get; set; }
    public long CreatedAt { get; set; }
    public long? DeactivatedAt { get; set; }
}
