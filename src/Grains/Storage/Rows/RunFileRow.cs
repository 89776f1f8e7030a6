namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class RunFileRow
{
    public string Name { get; set; } = "";
    public long SizeBytes { get; set; }
    public string Md5Base64 { get; set; } = "";
    public string MimeType { get; set; } = "";
    public long UpdatedAt { get; set; }
}
