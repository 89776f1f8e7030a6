using System.Text.Json.Nodes;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// Hyperband early termination (<c>early_terminate: {type: hyperband, min_iter | max_iter, s, eta}</c>), as W&amp;B's
/// sweeps engine applies it: brackets at <c>min_iter·eta^k</c> (k &lt; s), or <c>max_iter/eta^k</c> (k = s…1); a run
/// that has reached a bracket and whose best metric by then is outside the best 1/eta of all runs that reached it
/// is stopped.
/// </summary>
internal sealed class Hyperband
{
    private Hyperband(IReadOnlyList<int> brackets, double eta)
    {
        Brackets = brackets;
        Eta = eta;
    }

    /// <summary>Iteration counts (history rows carrying the metric) at which runs are compared, ascending.</summary>
    public IReadOnlyList<int> Brackets { get; }
    public double Eta { get; }

    public static Hyperband Parse(JsonObject spec)
    {
        var type = spec["type"] is JsonValue t && t.TryGetValue(out string? text) ? text : null;
        if (type != "hyperband")
        {
            throw new ArgumentException($"Invalid sweep config: early_terminate.type must be hyperband, not '{type}'.");
        }

        var eta = SweepParameter.TryNumber(spec["eta"]) ?? 3;
        if (!(eta > 1))
        {
            throw new ArgumentException("Invalid sweep config: early_terminate.eta must be greater than 1.");
        }

        var sGiven = SweepParameter.TryNumber(spec["s"]);
        if (spec.ContainsKey("s") && (sGiven is not { } sv || sv < 1 || sv != Math.Floor(sv) || sv > 20))
        {
            throw new ArgumentException("Invalid sweep config: early_terminate.s must be a whole number from 1 to 20.");
        }

        var brackets = new List<int>();
        if (SweepParameter.TryNumber(spec["min_iter"]) is { } minIter)
        {
            if (minIter < 1)
            {
                throw new ArgumentException("Invalid sweep config: early_terminate.min_iter must be at least 1.");
            }

            var s = (int)(sGiven ?? 3);
            var band = minIter;
            for (var k = 0; k < s && band < int.MaxValue; k++, band *= eta)
            {
                brackets.Add((int)Math.Round(band));
            }
        }
        else if (SweepParameter.TryNumber(spec["max_iter"]) is { } maxIter)
        {
            if (sGiven is not { } s)
            {
                throw new ArgumentException("Invalid sweep config: early_terminate with max_iter needs s (the number of brackets).");
            }

            var band = maxIter;
            for (var k = 0; k < s; k++)
            {
                band /= eta;
                if (band < 1)
                {
                    break;
                }

                brackets.Add((int)band);
            }

            brackets.Reverse();
        }
        else
        {
            throw new ArgumentException("Invalid sweep config: early_terminate needs min_iter or max_iter.");
        }

        return new Hyperband(brackets.Distinct().Order().ToArray(), eta);
    }

    /// <summary>
    /// The runs to stop: each running run's metric history (one value per iteration, in order) against every run's
    /// history. <paramref name="maximize"/> flips the order.
    /// </summary>
    public IReadOnlyList<string> RunsToStop(
        IReadOnlyDictionary<string, IReadOnlyList<double>> histories, IReadOnlyCollection<string> running, bool maximize)
    {
        var stop = new List<string>();
        foreach (var bracket in Brackets)
        {
            var reached = histories.Where(h => h.Value.Count >= bracket)
                .Select(h => (Run: h.Key, Value: BestBy(h.Value, bracket, maximize)))
                .ToList();
            if (reached.Count < 2)
            {
                continue;
            }

            // Keep the best ceil(n/eta) of the runs that reached the bracket; stop the running ones below them.
            var keep = (int)Math.Ceiling(reached.Count / Eta);
            var ordered = maximize ? reached.OrderByDescending(r => r.Value) : reached.OrderBy(r => r.Value);
            var threshold = ordered.ElementAt(keep - 1).Value;
            foreach (var (run, value) in reached)
            {
                var worse = maximize ? value < threshold : value > threshold;
                if (worse && running.Contains(run) && !stop.Contains(run))
                {
                    stop.Add(run);
                }
            }
        }

        return stop;
    }

    private static double BestBy(IReadOnlyList<double> history, int iterations, bool maximize)
    {
        var best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
        for (var i = 0; i < iterations; i++)
        {
            best = maximize ? Math.Max(best, history[i]) : Math.Min(best, history[i]);
        }

        return best;
    }
}
