namespace Orleans.Wandb.Web.Charts;

/// <summary>
/// The body of <c>POST /api/v1/charts</c>: the same metrics of several runs over one x-axis window.
/// </summary>
public sealed record ChartRequest(
    IReadOnlyList<ChartRun>? Runs,
    IReadOnlyList<string>? Metrics,
    string? XAxis,
    double? XMin,
    double? XMax,
    int? Buckets,
    string? Stream,
    int? RawPoints = null);

/// <summary>One run of a chart request, by names.</summary>
public sealed record ChartRun(string? Entity, string? Project, string? Run);
