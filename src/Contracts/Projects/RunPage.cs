using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Contracts.Projects;

/// <summary>A page of a project's run table.</summary>
/// <param name="Order">Sort key with optional +/- prefix, e.g. <c>-created_at</c>; null means newest first.</param>
/// <param name="After">Opaque cursor of the last row of the previous page.</param>
[GenerateSerializer, Immutable, Alias("wandb.run-list-query.v1")]
public sealed record RunListQuery(
    [property: Id(0)] string? Order,
    [property: Id(1)] string? After,
    [property: Id(2)] int First,
    [property: Id(3)] string? Filters);

/// <summary>The rows of one page, each with its cursor, and the total matching count.</summary>
[GenerateSerializer, Immutable, Alias("wandb.run-page.v1")]
public sealed record RunPage(
    [property: Id(0)] IReadOnlyList<RunPageEntry> Rows,
    [property: Id(1)] bool HasNextPage,
    [property: Id(2)] int TotalCount);

/// <summary>One row of a <see cref="RunPage"/> and the cursor that continues after it.</summary>
[GenerateSerializer, Immutable, Alias("wandb.run-page-entry.v1")]
public sealed record RunPageEntry([property: Id(0)] RunRow Row, [property: Id(1)] string Cursor);
