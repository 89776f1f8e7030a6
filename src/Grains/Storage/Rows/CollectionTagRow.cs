namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>One tag of one artifact collection, as Dapper materialises it (by property name).</summary>
internal sealed class CollectionTagRow
{
    public long CollectionId { get; set; }
    public string Tag { get; set; } = "";
}
