using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;
using Orleans.Wandb.Grains.Sweeps;

namespace Orleans.Wandb.Tests.Sweeps;

/// <summary>
/// The search methods against their definitions: grid enumerates exactly the product, random draws follow each
/// distribution (Kolmogorov–Smirnov against the reference CDF, seeded), quantized ones land on multiples of q.
/// </summary>
public sealed class SweepSearchTests
{
    private const int Draws = 4000;

    /// <summary>The 99.9% critical value of the one-sample KS statistic for <see cref="Draws"/> draws (1.95/√n).</summary>
    private static readonly double KsCritical = 1.95 / Math.Sqrt(Draws);

    private static SweepParameter Parameter(string yaml) => SweepConfig.Parse($"method: random\nparameters:\n  p: {yaml}\n").Parameters[0];

    private static double[] Sample(SweepParameter parameter, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Draws).Select(_ => SweepParameter.TryNumber(parameter.Sample(random))!.Value).ToArray();
    }

    private static double KsStatistic(double[] samples, Func<double, double> cdf)
    {
        var sorted = samples.Order().ToArray();
        var d = 0.0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(Math.Abs(f - (i / (double)sorted.Length)), Math.Abs(((i + 1) / (double)sorted.Length) - f)));
        }

        return d;
    }

    public static TheoryData<string, string> ContinuousCases() => new()
    {
        { "{distribution: uniform, min: -2.0, max: 3.0}", "uniform" },
        { "{distribution: log_uniform, min: -5.0, max: 0.0}", "log_uniform" },
        { "{distribution: log_uniform_values, min: 0.0001, max: 0.1}", "log_uniform_values" },
        { "{distribution: inv_log_uniform, min: 0.0, max: 4.0}", "inv_log_uniform" },
        { "{distribution: inv_log_uniform_values, min: 0.01, max: 10.0}", "inv_log_uniform_values" },
        { "{distribution: normal, mu: 1.5, sigma: 0.5}", "normal" },
        { "{distribution: log_normal, mu: 0.0, sigma: 0.7}", "log_normal" },
        { "{distribution: beta, a: 2.0, b: 5.0}", "beta" },
    };

    [Theory]
    [MemberData(nameof(ContinuousCases))]
    public void Continuous_draws_follow_their_distribution(string spec, string name)
    {
        var parameter = Parameter(spec);
        Func<double, double> cdf = name switch
        {
            "uniform" => x => ContinuousUniform.CDF(-2, 3, x),
            "log_uniform" => x => ContinuousUniform.CDF(-5, 0, Math.Log(x)),
            "log_uniform_values" => x => ContinuousUniform.CDF(Math.Log(1e-4), Math.Log(0.1), Math.Log(x)),

            // 1/x is log-uniform: -ln x ~ U(min, max) for exponents, ln(1/x) ~ U(ln 1/max, ln 1/min) for values.
            "inv_log_uniform" => x => 1 - ContinuousUniform.CDF(0, 4, -Math.Log(x)),
            "inv_log_uniform_values" => x => 1 - ContinuousUniform.CDF(Math.Log(1 / 10.0), Math.Log(1 / 0.01), Math.Log(1 / x)),
            "normal" => x => Normal.CDF(1.5, 0.5, x),
            "log_normal" => x => LogNormal.CDF(0, 0.7, x),
            "beta" => x => Beta.CDF(2, 5, x),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var d = KsStatistic(Sample(parameter), cdf);

        Assert.True(d < KsCritical, $"{name}: KS statistic {d:F4} ≥ {KsCritical:F4}");
    }

    [Fact]
    public void Int_uniform_draws_every_integer_in_range_equally_often()
    {
        var samples = Sample(Parameter("{distribution: int_uniform, min: 3, max: 7}"));
        var counts = samples.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([3.0, 4, 5, 6, 7], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, (Draws / 5) * 0.85, (Draws / 5) * 1.15));
        Assert.All(samples, x => Assert.Equal(Math.Floor(x), x));
    }

    [Theory]
    [InlineData("{distribution: q_uniform, min: 0.0, max: 10.0, q: 2.5}", 2.5)]
    [InlineData("{distribution: q_log_uniform, min: 0.0, max: 4.0, q: 3}", 3)]
    [InlineData("{distribution: q_log_uniform_values, min: 1.0, max: 1000.0, q: 10}", 10)]
    [InlineData("{distribution: q_normal, mu: 0.0, sigma: 10.0, q: 0.5}", 0.5)]
    [InlineData("{distribution: q_log_normal, mu: 2.0, sigma: 1.0, q: 2}", 2)]
    [InlineData("{distribution: q_beta, a: 2.0, b: 2.0, q: 0.1}", 0.1)]
    public void Quantized_draws_are_multiples_of_q_and_integers_when_q_is_an_integer(string spec, double q)
    {
        var parameter = Parameter(spec);
        var random = new Random(3);
        var values = Enumerable.Range(0, 500).Select(_ => parameter.Sample(random)).ToArray();

        foreach (var value in values)
        {
            var x = SweepParameter.TryNumber(value)!.Value;
            Assert.True(Math.Abs((x / q) - Math.Round(x / q)) < 1e-9, $"{x} is not a multiple of {q}");
            Assert.Equal(q == Math.Floor(q), value!.GetValueKind() == System.Text.Json.JsonValueKind.Number && value.AsValue().TryGetValue(out long _));
        }

        Assert.True(values.Select(v => v!.ToJsonString()).Distinct().Count() > 1);
    }

    [Fact]
    public void Categorical_draws_follow_the_given_probabilities()
    {
        var parameter = Parameter("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}");
        var random = new Random(11);
        var counts = Enumerable.Range(0, Draws).Select(_ => parameter.Sample(random)!.GetValue<string>())
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count() / (double)Draws);

        // Chi-square with 2 degrees of freedom, 99.9%: 13.8.
        var expected = new Dictionary<string, double> { ["a"] = 0.2, ["b"] = 0.5, ["c"] = 0.3 };
        var chi = expected.Sum(e => Math.Pow((counts.GetValueOrDefault(e.Key) - e.Value) * Draws, 2) / (e.Value * Draws));
        Assert.True(chi < 13.8, $"chi-square {chi:F2}");
    }

    [Fact]
    public void Constant_always_draws_its_value()
    {
        var parameter = Parameter("{value: {nested: [1, 2]}}");
        var random = new Random(1);

        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal("""{"nested":[1,2]}""", parameter.Sample(random)!.ToJsonString()));
    }

    [Fact]
    public void Grid_enumerates_exactly_the_product_of_every_parameters_values_including_nested_ones()
    {
        var config = SweepConfig.Parse("""
            method: grid
            parameters:
              a: {values: [1, 2, 3]}
              b: {distribution: int_uniform, min: 0, max: 1}
              opt:
                parameters:
                  name: {values: [adam, sgd]}
                  momentum: {distribution: q_uniform, min: 0.0, max: 1.0, q: 0.5}
              fixed: {value: x}
            """);
        var grid = config.Parameters.Select(p => p.GridValues()).ToArray();

        var points = Enumerable.Range(0, (int)config.GridSize)
            .Select(i => SweepPoint.Nest(config.Parameters, GridSearch.Point(grid, i)).ToJsonString())
            .ToList();

        Assert.Equal(3 * 2 * 2 * 3, config.GridSize);
        Assert.Equal(points.Count, points.Distinct().Count());
        var expected =
            from a in new[] { 1, 2, 3 }
            from b in new[] { 0, 1 }
            from name in new[] { "adam", "sgd" }
            from momentum in new[] { "0", "0.5", "1" }
            select $$"""{"a":{{a}},"b":{{b}},"opt":{"name":"{{name}}","momentum":{{momentum}}},"fixed":"x"}""";
        Assert.Equal(expected.Order(), points.Order());
    }

    [Fact]
    public void Grid_points_come_in_itertools_product_order()
    {
        var config = SweepConfig.Parse("method: grid\nparameters: {a: {values: [1, 2]}, b: {values: [x, y]}}");
        var grid = config.Parameters.Select(p => p.GridValues()).ToArray();

        var order = Enumerable.Range(0, 4).Select(i => string.Join(",", GridSearch.Point(grid, i).Select(v => v!.ToJsonString())));

        Assert.Equal(["1,\"x\"", "1,\"y\"", "2,\"x\"", "2,\"y\""], order);
    }

    [Fact]
    public void Unit_cube_coordinates_round_trip_through_every_distribution()
    {
        var config = SweepConfig.Parse("""
            method: random
            parameters:
              a: {distribution: uniform, min: -1.0, max: 1.0}
              b: {distribution: log_uniform_values, min: 0.001, max: 1.0}
              c: {distribution: normal, mu: 0.0, sigma: 2.0}
              d: {distribution: beta, a: 2.0, b: 3.0}
              e: {distribution: int_uniform, min: 0, max: 9}
              f: {values: [r, g, b]}
            """);

        foreach (var parameter in config.Parameters)
        {
            foreach (var u in new[] { 0.05, 0.3, 0.62, 0.95 })
            {
                var value = parameter.FromUnit(u);
                var again = parameter.FromUnit(parameter.ToUnit(value)!.Value);
                if (SweepParameter.TryNumber(value) is { } number)
                {
                    Assert.Equal(number, SweepParameter.TryNumber(again)!.Value, 1e-9);
                }
                else
                {
                    Assert.Equal(value!.ToJsonString(), again!.ToJsonString());
                }
            }
        }
    }

    [Fact]
    public void Args_wrap_each_top_level_value_as_the_agent_reads_them()
    {
        var point = JsonNode.Parse("""{"lr": 0.1, "opt": {"name": "adam"}}""")!.AsObject();

        Assert.Equal("""{"lr":{"value":0.1},"opt":{"value":{"name":"adam"}}}""", SweepPoint.Args(point).ToJsonString());
    }
}
