namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class InviteRow
{
    public long Id { get; set; }
    public string Team { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = "";
    public string? InvitedBy { get; set; }
    public long CreatedAt { get; set; }
}
