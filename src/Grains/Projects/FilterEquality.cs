namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// <see cref="FieldValue.EqualsValue"/> as a hash-set comparer, so <c>$in</c> lists are looked up instead of
/// scanned: null and missing are one value, numbers compare by value (-0 equals 0), text ordinally. NaN never
/// equals anything, so NaN operands are left out of the set by its users.
/// </summary>
internal sealed class FilterEquality : IEqualityComparer<FieldValue>
{
    public static readonly FilterEquality Instance = new();

    public bool Equals(FieldValue x, FieldValue y) => x.EqualsValue(y);

    public int GetHashCode(FieldValue value) => value.Kind switch
    {
        FieldKind.Missing or FieldKind.Null => 0,
        FieldKind.Number or FieldKind.Boolean => HashCode.Combine(value.Kind, value.Number == 0 ? 0d : value.Number),
        _ => HashCode.Combine(value.Kind, value.Text is null ? 0 : StringComparer.Ordinal.GetHashCode(value.Text)),
    };
}
