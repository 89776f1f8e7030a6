namespace Orleans.Wandb.Grains.Storage.Rows;

// Dapper materialises these by property name; they never leave this class.
internal sealed class UserRow
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public bool Admin { get; set; }
    public string Entity { get; set; } = "";
    public long? DeactivatedAt { get; set; }
}
