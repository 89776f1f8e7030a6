using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>Where a row sits in a run order: a numeric or text key plus the storage id. Also the cursor's content.</summary>
internal readonly record struct RunSortKey(long Number, string? Text, long Id)
{
    /// <summary>The opaque cursor for this key in <paramref name="order"/>.</summary>
    public string ToCursor(RunOrder order) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{order.Canonical}|{Id.ToString(CultureInfo.InvariantCulture)}|{Number.ToString(CultureInfo.InvariantCulture)}|{Text}"));

    /// <summary>Reads a cursor made by <see cref="ToCursor"/> for the same order; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static RunSortKey FromCursor(string cursor, RunOrder order)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|', 4);
            if (parts.Length == 4 && parts[0] == order.Canonical)
            {
                return new RunSortKey(
                    long.Parse(parts[2], CultureInfo.InvariantCulture),
                    order.Field is RunSortField.CreatedAt or RunSortField.HeartbeatAt ? null : parts[3],
                    long.Parse(parts[1], CultureInfo.InvariantCulture));
            }
        }
        catch (FormatException)
        {
            // Reported below like any other foreign cursor.
        }

        throw new ArgumentException("The cursor does not belong to this run listing.", nameof(cursor));
    }
}
