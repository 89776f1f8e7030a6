namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// <c>ParquetHistory</c>, always empty: with no exported files and no live boundary the newest clients page
/// through <c>history</c>/<c>sampledHistory</c> instead (docs/protocol/runs.md#history).
/// </summary>
public sealed record ParquetHistoryModel(IReadOnlyList<string> ParquetUrls, IReadOnlyList<object> LiveData)
{
    public static ParquetHistoryModel Empty { get; } = new([], []);
}
