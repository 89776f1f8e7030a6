namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class MemberRow
{
    public long UserId { get; set; }
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = "";
    public string AccountType { get; set; } = "user";
    public string? SealedKey { get; set; }
}
