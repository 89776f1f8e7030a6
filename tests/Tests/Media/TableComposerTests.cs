using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Tests.Media;

/// <summary>
/// <see cref="TableComposer"/> writes a joined table (wandb.JoinedTable) and a partitioned table (PartitionedTable) as
/// one ordinary table: the inner join on the key in the first table's order, clashing names prefixed by their table,
/// the parts' rows in order with the columns checked, and limits that refuse what would not fit.
/// </summary>
public sealed class TableComposerTests
{
    private static (string, Func<CancellationToken, Task<Stream>>) Table(string name, string json) =>
        (name, _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    private static async Task<JsonObject> JoinAsync(string first, string second, string key1 = "id", string key2 = "id")
    {
        using var output = new MemoryStream();
        await TableComposer.JoinAsync(Table("dataset", first), Table("predictions", second), key1, key2, output, CancellationToken.None);
        return JsonNode.Parse(output.ToArray())!.AsObject();
    }

    [Fact]
    public async Task A_join_keeps_the_rows_whose_keys_both_tables_hold_in_the_first_tables_order()
    {
        var joined = await JoinAsync(
            """{"columns": ["id", "image", "label"], "data": [[3, {"_type": "image-file", "path": "a.png"}, "cat"], [1, null, "dog"], [2, null, "cat"], [null, null, "x"]]}""",
            """{"columns": ["label", "id", "score"], "data": [["dog", 1.0, 0.9], ["cat", 3, 0.2], ["cat", 3, 0.4], ["bird", 7, 0.1]]}""");

        Assert.Equal("""["id","image","dataset.label","predictions.label","score"]""", joined["columns"]!.ToJsonString());
        Assert.Equal(
            """[[3,{"_type":"image-file","path":"a.png"},"cat","cat",0.2],[3,{"_type":"image-file","path":"a.png"},"cat","cat",0.4],[1,null,"dog","dog",0.9]]""",
            joined["data"]!.ToJsonString());
    }

    [Fact]
    public async Task A_join_on_two_key_names_reads_each_from_its_table()
    {
        var joined = await JoinAsync("""{"columns": ["a", "x"], "data": [["k1", 1], ["k2", 2]]}""", """{"columns": ["b", "y"], "data": [["k2", 20]]}""", "a", "b");

        Assert.Equal("""["a","x","y"]""", joined["columns"]!.ToJsonString());
        Assert.Equal("""[["k2",2,20]]""", joined["data"]!.ToJsonString());
    }

    [Fact]
    public async Task A_join_key_missing_from_a_table_is_a_format_error()
    {
        var error = await Assert.ThrowsAsync<TableFormatException>(() => JoinAsync("""{"columns": ["id"], "data": [[1]]}""", """{"columns": ["other"], "data": [[1]]}"""));

        Assert.Contains("'predictions' has no join key column 'id'", error.Message);
    }

    [Fact]
    public async Task Partitions_are_read_in_order_as_one_table_and_parts_with_other_columns_are_refused()
    {
        using var output = new MemoryStream();
        await TableComposer.ConcatenateAsync(
            [Table("parts/0.table.json", """{"columns": ["p", "v"], "data": [[0, 1], [0, 2]]}"""), Table("parts/1.table.json", """{"columns": ["p", "v"], "data": []}"""),
             Table("parts/2.table.json", """{"columns": ["p", "v"], "data": [[2, 5]]}""")], output, CancellationToken.None);
        var mismatch = await Assert.ThrowsAsync<TableFormatException>(() => TableComposer.ConcatenateAsync(
            [Table("parts/0.table.json", """{"columns": ["p"], "data": [[0]]}"""), Table("parts/1.table.json", """{"columns": ["q"], "data": [[1]]}""")], new MemoryStream(), CancellationToken.None));

        Assert.Equal("""{"columns":["p","v"],"data":[[0,1],[0,2],[2,5]]}""", JsonNode.Parse(output.ToArray())!.ToJsonString());
        Assert.Contains("parts/1.table.json", mismatch.Message);
    }
}
