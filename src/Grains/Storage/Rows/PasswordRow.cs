namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class PasswordRow
{
    public string? PasswordHash { get; set; }
    public bool MustChangePassword { get; set; }
}
