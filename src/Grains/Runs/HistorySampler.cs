using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>Step windows and even down-sampling of history lines (wandb-api.md §9.3).</summary>
internal static class HistorySampler
{
    /// <summary>
    /// The lines with <c>MinStep ≤ _step &lt; MaxStep</c> (lines without a numeric <c>_step</c> only when no
    /// bound is given), in line order, evenly reduced to at most <c>Samples</c> lines keeping the first and
    /// the last. <c>Samples ≤ 0</c> means no limit.
    /// </summary>
    public static IReadOnlyList<string> Select(IReadOnlyList<string?> lines, HistoryWindow window)
    {
        var bounded = window.MinStep.HasValue || window.MaxStep.HasValue;
        var selected = new List<string>();
        foreach (var line in lines)
        {
            if (line is null)
            {
                continue;
            }

            if (bounded)
            {
                if (LenientJson.GetTopLevelNumber(line, "_step") is not { } step
                    || (window.MinStep is { } min && step < min)
                    || (window.MaxStep is { } max && step >= max))
                {
                    continue;
                }
            }

            selected.Add(line);
        }

        return Sample(selected, window.Samples);
    }

    /// <summary>At most <paramref name="samples"/> evenly spaced items, first and last included.</summary>
    public static IReadOnlyList<T> Sample<T>(IReadOnlyList<T> items, int samples)
    {
        var n = items.Count;
        if (samples <= 0 || n <= samples)
        {
            return items;
        }

        if (samples == 1)
        {
            return [items[0]];
        }

        // Index i*(n-1)/(s-1): strictly increasing because n > s, ending exactly at n-1.
        var result = new T[samples];
        for (var i = 0; i < samples; i++)
        {
            result[i] = items[(int)((long)i * (n - 1) / (samples - 1))];
        }

        return result;
    }
}
