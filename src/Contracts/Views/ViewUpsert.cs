namespace Orleans.Wandb.Contracts.Views;

/// <summary>
/// What <c>upsertView</c> sends. <see cref="Id"/> names the view to update; without it the caller's view of the same
/// type and name is updated, or a new one is created. Null fields keep their value on an update.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.view-upsert.v1")]
public sealed record ViewUpsert(
    [property: Id(0)] string? Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? DisplayName,
    [property: Id(4)] string? Description,
    [property: Id(5)] string Spec,
    [property: Id(6)] long UserId,
    [property: Id(7)] bool Administers);

/// <summary>The view as stored, and whether it was created.</summary>
[GenerateSerializer, Immutable, Alias("wandb.view-upsert-result.v1")]
public sealed record ViewUpsertResult(
    [property: Id(0)] SavedView View,
    [property: Id(1)] bool Inserted);
