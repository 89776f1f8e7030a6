namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>Where and how much of the logged tables' indexes each silo keeps on its local disk (<see cref="TableIndexes"/>). Section "Media:Tables".</summary>
public sealed class TableIndexOptions
{
    public const string SectionName = "Media:Tables";

    /// <summary>The folder of the indexes. Empty: <c>{DATA_DIR}/cache/tables</c>. A cache: deleting it only costs the next page of each table a rebuild.</summary>
    public string? Folder { get; set; }

    /// <summary>Most bytes the folder holds (table copies, row offsets, sort orders); the least recently used tables go first. Default 2 GiB.</summary>
    public long MaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest stored table that is indexed; larger ones are read whole for every page. Default 512 MiB.</summary>
    public long MaxTableBytes { get; set; } = 512L * 1024 * 1024;
}
