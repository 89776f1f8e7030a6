using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>Where a run sits in a <see cref="RunOrder"/>: the value's type rank, number or text, and the storage id. Also the cursor's content.</summary>
internal readonly record struct RunSortKey(int Rank, double Number, string? Text, long Id)
{
    /// <summary>The opaque cursor for this key in <paramref name="order"/>.</summary>
    public string ToCursor(RunOrder order) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|',
            order.Canonical,
            Id.ToString(CultureInfo.InvariantCulture),
            Rank.ToString(CultureInfo.InvariantCulture),
            Number.ToString("R", CultureInfo.InvariantCulture),
            Text is null ? "0" : "1" + Text)));

    /// <summary>Reads a cursor made by <see cref="ToCursor"/> for the same order; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static RunSortKey FromCursor(string cursor, RunOrder order)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var canonicalEnd = text.IndexOf('|', StringComparison.Ordinal);

            // The canonical order may itself hold '|' (a config key): split the rest from its end.
            if (canonicalEnd >= 0 && text.StartsWith(order.Canonical + "|", StringComparison.Ordinal))
            {
                var parts = text[(order.Canonical.Length + 1)..].Split('|', 4);
                if (parts.Length == 4)
                {
                    return new RunSortKey(
                        int.Parse(parts[1], CultureInfo.InvariantCulture),
                        double.Parse(parts[2], CultureInfo.InvariantCulture),
                        parts[3].StartsWith('1') ? parts[3][1..] : null,
                        long.Parse(parts[0], CultureInfo.InvariantCulture));
                }
            }
        }
        catch (FormatException)
        {
            // Reported below like any other foreign cursor.
        }

        throw new ArgumentException("The cursor does not belong to this run listing.", nameof(cursor));
    }
}
