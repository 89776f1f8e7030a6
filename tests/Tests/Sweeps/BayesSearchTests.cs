using Orleans.Wandb.Grains.Sweeps;

namespace Orleans.Wandb.Tests.Sweeps;

/// <summary>Bayesian search finds better points than random search on a known function with the same budget.</summary>
public sealed class BayesSearchTests
{
    private static readonly SweepConfig Config = SweepConfig.Parse("""
        method: bayes
        metric: {name: loss, goal: minimize}
        parameters:
          x: {distribution: uniform, min: -5.0, max: 10.0}
          y: {distribution: uniform, min: 0.0, max: 15.0}
        """);

    /// <summary>The Branin function: three global minima of 0.397887.</summary>
    private static double Branin(double x, double y)
    {
        const double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        return (a * Math.Pow(y - (b * x * x) + (c * x) - r, 2)) + (s * (1 - t) * Math.Cos(x)) + s;
    }

    private static double BestAfter(int budget, int seed, bool bayes)
    {
        var random = new Random(seed);
        var observed = new List<BayesSearch.Observation>();
        var best = double.PositiveInfinity;
        for (var i = 0; i < budget; i++)
        {
            var point = bayes
                ? BayesSearch.Point(Config.Parameters, observed, [], maximize: false, random)
                : RandomSearch.Point(Config.Parameters, random);
            var x = SweepParameter.TryNumber(point[0])!.Value;
            var y = SweepParameter.TryNumber(point[1])!.Value;
            var loss = Branin(x, y);
            best = Math.Min(best, loss);
            observed.Add(new BayesSearch.Observation([Config.Parameters[0].ToUnit(point[0])!.Value, Config.Parameters[1].ToUnit(point[1])!.Value], loss));
        }

        return best;
    }

    [Fact]
    public void Bayes_beats_random_on_the_branin_function_within_30_runs_averaged_over_seeds()
    {
        var seeds = Enumerable.Range(1, 8).ToArray();

        var bayes = seeds.Average(seed => BestAfter(30, seed, bayes: true));
        var random = seeds.Average(seed => BestAfter(30, seed, bayes: false));

        Assert.True(bayes < random, $"bayes {bayes:F3} vs random {random:F3}");
        Assert.True(bayes < 1.0, $"bayes reached only {bayes:F3} (minimum 0.398)");
    }

    [Fact]
    public void Maximize_searches_toward_the_largest_metric()
    {
        var random = new Random(5);
        var observed = new List<BayesSearch.Observation>();
        for (var i = 0; i < 25; i++)
        {
            var point = BayesSearch.Point(Config.Parameters, observed, [], maximize: true, random);
            var unit = new[] { Config.Parameters[0].ToUnit(point[0])!.Value, Config.Parameters[1].ToUnit(point[1])!.Value };
            observed.Add(new BayesSearch.Observation(unit, -Math.Pow(unit[0] - 0.8, 2) - Math.Pow(unit[1] - 0.2, 2)));
        }

        var best = observed.MaxBy(o => o.Y);
        Assert.True(best.Y > -0.01, $"best {best.Y:F4} at ({best.X[0]:F2}, {best.X[1]:F2})");
    }
}
