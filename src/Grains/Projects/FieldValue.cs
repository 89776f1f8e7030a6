namespace Orleans.Wandb.Grains.Projects;

/// <summary>One typed value (see <see cref="FieldKind"/>); booleans are numbers 0/1 of kind Boolean.</summary>
internal readonly record struct FieldValue(FieldKind Kind, double Number, string? Text)
{
    public static FieldValue Missing => default;

    public static FieldValue Null => new(FieldKind.Null, 0, null);

    public static FieldValue Of(double number) => new(FieldKind.Number, number, null);

    public static FieldValue Of(string? text) => text is null ? Null : new(FieldKind.String, 0, text);

    public static FieldValue Of(bool value) => new(FieldKind.Boolean, value ? 1 : 0, null);

    /// <summary>Equality as filters mean it: null matches a missing field; numbers compare numerically.</summary>
    public bool EqualsValue(FieldValue other) => (Kind, other.Kind) switch
    {
        (FieldKind.Null or FieldKind.Missing, FieldKind.Null or FieldKind.Missing) => true,
        _ when Kind != other.Kind => false,
        (FieldKind.Number or FieldKind.Boolean, _) => Number == other.Number,
        _ => string.Equals(Text, other.Text, StringComparison.Ordinal),
    };

    /// <summary>
    /// Ordering within one kind; null when the kinds cannot be ordered against each other, or for NaN (a logged
    /// NaN exists, but is neither above nor below anything).
    /// </summary>
    public int? CompareValue(FieldValue other) => Kind != other.Kind || double.IsNaN(Number) || double.IsNaN(other.Number) ? null : Kind switch
    {
        FieldKind.Number or FieldKind.Boolean => Number.CompareTo(other.Number),
        FieldKind.String or FieldKind.Complex => string.CompareOrdinal(Text, other.Text),
        _ => null,
    };
}
