using System.Globalization;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// One searched parameter (a leaf of the config's <c>parameters</c>, nested ones named by their path), with the
/// three things the searches need: a random draw (<see cref="Sample"/>), the map from the unit interval onto its
/// values by inverse CDF (<see cref="FromUnit"/>, used by bayes) and back (<see cref="ToUnit"/>), and its grid values.
/// Semantics follow W&amp;B's sweep configuration reference: <c>log_uniform</c> bounds are natural-log exponents,
/// <c>*_values</c> bounds are values, <c>q</c> rounds to multiples of q (integers when q is an integer).
/// </summary>
internal sealed class SweepParameter
{
    private SweepParameter(IReadOnlyList<string> path, Distribution distribution)
    {
        Path = path;
        Distribution = distribution;
    }

    /// <summary>The parameter's names from the top of <c>parameters</c> down (one name unless nested).</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>The path joined by dots, for messages and the web app.</summary>
    public string Name => string.Join('.', Path);

    public Distribution Distribution { get; }

    /// <summary>The choices of a categorical parameter, or the single value of a constant one.</summary>
    public IReadOnlyList<JsonNode?> Values { get; private init; } = [];

    /// <summary>Cumulative probabilities of <see cref="Values"/> (categorical only).</summary>
    public IReadOnlyList<double> Cumulative { get; private init; } = [];

    public double Min { get; private init; }
    public double Max { get; private init; }
    public double Mu { get; private init; }
    public double Sigma { get; private init; } = 1;
    public double Q { get; private init; } = 1;
    public double A { get; private init; } = 1;
    public double B { get; private init; } = 1;

    /// <summary>True when drawn values are written as integers (int_uniform, or q given as an integer).</summary>
    public bool IntegerValues { get; private init; }

    /// <summary>True when <see cref="Values"/> holds every value (constant, categorical).</summary>
    public bool IsDiscrete => Distribution is Distribution.Constant or Distribution.Categorical;

    /// <summary>Builds a parameter from its config entry; <see cref="ArgumentException"/> names what is wrong.</summary>
    public static SweepParameter Parse(IReadOnlyList<string> path, JsonObject spec)
    {
        var name = string.Join('.', path);
        string? distributionName = spec["distribution"] is JsonValue d && d.TryGetValue(out string? text) ? text : null;
        if (spec["distribution"] is not null && distributionName is null)
        {
            throw Invalid(name, "distribution must be a name such as uniform or categorical");
        }

        var hasValues = spec.ContainsKey("values");
        var hasValue = spec.ContainsKey("value");
        var hasMin = spec.ContainsKey("min");
        var hasMax = spec.ContainsKey("max");

        Distribution distribution;
        if (distributionName is not null)
        {
            distribution = distributionName switch
            {
                "constant" => Distribution.Constant,
                "categorical" => Distribution.Categorical,
                "int_uniform" => Distribution.IntUniform,
                "uniform" => Distribution.Uniform,
                "q_uniform" => Distribution.QUniform,
                "log_uniform" => Distribution.LogUniform,
                "log_uniform_values" => Distribution.LogUniformValues,
                "q_log_uniform" => Distribution.QLogUniform,
                "q_log_uniform_values" => Distribution.QLogUniformValues,
                "inv_log_uniform" => Distribution.InvLogUniform,
                "inv_log_uniform_values" => Distribution.InvLogUniformValues,
                "normal" => Distribution.Normal,
                "q_normal" => Distribution.QNormal,
                "log_normal" => Distribution.LogNormal,
                "q_log_normal" => Distribution.QLogNormal,
                "beta" => Distribution.Beta,
                "q_beta" => Distribution.QBeta,
                _ => throw Invalid(name, $"unknown distribution '{distributionName}' (use constant, categorical, int_uniform, uniform, q_uniform, " +
                    "log_uniform, log_uniform_values, q_log_uniform, q_log_uniform_values, inv_log_uniform, inv_log_uniform_values, " +
                    "normal, q_normal, log_normal, q_log_normal, beta or q_beta)"),
            };
        }
        else if (hasValues)
        {
            distribution = Distribution.Categorical;
        }
        else if (hasValue)
        {
            distribution = Distribution.Constant;
        }
        else if (hasMin && hasMax)
        {
            // As the clients infer it (wandb v0.16.6 internal_api.py:_validate_config_and_fill_distribution).
            distribution = IsInteger(spec["min"]) && IsInteger(spec["max"]) ? Distribution.IntUniform : Distribution.Uniform;
        }
        else
        {
            throw Invalid(name, "give value, values, min and max, or a distribution");
        }

        return distribution switch
        {
            Distribution.Constant => Constant(path, spec, name),
            Distribution.Categorical => Categorical(path, spec, name),
            _ => Continuous(path, spec, name, distribution),
        };
    }

    private static SweepParameter Constant(IReadOnlyList<string> path, JsonObject spec, string name)
    {
        if (!spec.ContainsKey("value"))
        {
            throw Invalid(name, "a constant needs value");
        }

        return new SweepParameter(path, Distribution.Constant) { Values = [spec["value"]?.DeepClone()] };
    }

    private static SweepParameter Categorical(IReadOnlyList<string> path, JsonObject spec, string name)
    {
        if (spec["values"] is not JsonArray values || values.Count == 0)
        {
            throw Invalid(name, "values must be a non-empty list");
        }

        if (values.Count > Contracts.Sweeps.SweepLimits.MaxValuesPerParameter)
        {
            throw new Contracts.Limits.CapExceededException(
                $"Sweep parameter '{name}' lists {values.Count} values; at most {Contracts.Sweeps.SweepLimits.MaxValuesPerParameter} are accepted.");
        }

        double[] weights;
        if (spec["probabilities"] is JsonArray probabilities)
        {
            if (probabilities.Count != values.Count)
            {
                throw Invalid(name, "probabilities must list one probability per value");
            }

            weights = probabilities.Select(p => Number(p, name, "probabilities")).ToArray();
            if (weights.Any(w => w < 0 || !double.IsFinite(w)) || Math.Abs(weights.Sum() - 1) > 1e-6)
            {
                throw Invalid(name, "probabilities must be non-negative and sum to 1");
            }
        }
        else if (spec.ContainsKey("probabilities"))
        {
            throw Invalid(name, "probabilities must be a list of numbers");
        }
        else
        {
            weights = Enumerable.Repeat(1.0 / values.Count, values.Count).ToArray();
        }

        var cumulative = new double[weights.Length];
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }

        cumulative[^1] = 1;
        return new SweepParameter(path, Distribution.Categorical)
        {
            Values = values.Select(v => v?.DeepClone()).ToArray(),
            Cumulative = cumulative,
        };
    }

    private static SweepParameter Continuous(IReadOnlyList<string> path, JsonObject spec, string name, Distribution distribution)
    {
        double Get(string key, double fallback) => spec.ContainsKey(key) ? Number(spec[key], name, key) : fallback;
        double Require(string key) => spec.ContainsKey(key) ? Number(spec[key], name, key) : throw Invalid(name, $"{key} is required for this distribution");

        var bounded = distribution is Distribution.IntUniform or Distribution.Uniform or Distribution.QUniform or Distribution.LogUniform
            or Distribution.LogUniformValues or Distribution.QLogUniform or Distribution.QLogUniformValues or Distribution.InvLogUniform
            or Distribution.InvLogUniformValues;
        var min = bounded ? Require("min") : Get("min", double.NegativeInfinity);
        var max = bounded ? Require("max") : Get("max", double.PositiveInfinity);
        if (bounded && !(min < max || (min == max && distribution == Distribution.IntUniform)))
        {
            throw Invalid(name, "min must be less than max");
        }

        if (distribution is Distribution.LogUniformValues or Distribution.QLogUniformValues or Distribution.InvLogUniformValues && min <= 0)
        {
            throw Invalid(name, "min must be positive for a *_values distribution (the bounds are values, not exponents)");
        }

        if (distribution == Distribution.IntUniform && (!IsInteger(spec["min"]) || !IsInteger(spec["max"])))
        {
            throw Invalid(name, "int_uniform needs integer min and max");
        }

        var q = Get("q", 1);
        if (!(q > 0))
        {
            throw Invalid(name, "q must be positive");
        }

        var sigma = Get("sigma", 1);
        if (!(sigma > 0))
        {
            throw Invalid(name, "sigma must be positive");
        }

        var a = Get("a", 1);
        var b = Get("b", 1);
        if (!(a > 0 && b > 0))
        {
            throw Invalid(name, "a and b must be positive");
        }

        var quantized = distribution is Distribution.QUniform or Distribution.QLogUniform or Distribution.QLogUniformValues
            or Distribution.QNormal or Distribution.QLogNormal or Distribution.QBeta;
        return new SweepParameter(path, distribution)
        {
            Min = min,
            Max = max,
            Mu = Get("mu", 0),
            Sigma = sigma,
            Q = q,
            A = a,
            B = b,
            IntegerValues = distribution == Distribution.IntUniform || (quantized && (!spec.ContainsKey("q") || IsInteger(spec["q"]))),
        };
    }

    /// <summary>A random draw from the parameter's distribution.</summary>
    public JsonNode? Sample(Random random) => FromUnit(random.NextDouble());

    /// <summary>
    /// The value at quantile <paramref name="u"/> in [0, 1): the inverse CDF, so a uniform <paramref name="u"/> gives a
    /// draw from the distribution, and a search over the unit cube covers the whole space.
    /// </summary>
    public JsonNode? FromUnit(double u)
    {
        u = Math.Clamp(u, 0, Math.BitDecrement(1.0));
        switch (Distribution)
        {
            case Distribution.Constant:
                return Values[0]?.DeepClone();
            case Distribution.Categorical:
                for (var i = 0; i < Cumulative.Count; i++)
                {
                    if (u < Cumulative[i])
                    {
                        return Values[i]?.DeepClone();
                    }
                }

                return Values[^1]?.DeepClone();
            case Distribution.IntUniform:
                return JsonValue.Create((long)Math.Floor(Min + (u * (Max - Min + 1))));
        }

        var raw = Distribution switch
        {
            Distribution.Uniform or Distribution.QUniform => Min + (u * (Max - Min)),
            Distribution.LogUniform or Distribution.QLogUniform => Math.Exp(Min + (u * (Max - Min))),
            Distribution.LogUniformValues or Distribution.QLogUniformValues => Math.Exp(Math.Log(Min) + (u * (Math.Log(Max) - Math.Log(Min)))),

            // 1/x is log-uniform: for exponents min..max, x = exp(-e); for values, 1/x spans [1/max, 1/min].
            Distribution.InvLogUniform => Math.Exp(-(Min + ((1 - u) * (Max - Min)))),
            Distribution.InvLogUniformValues => 1 / Math.Exp(-Math.Log(Max) + ((1 - u) * (Math.Log(Max) - Math.Log(Min)))),
            Distribution.Normal or Distribution.QNormal => MathNet.Numerics.Distributions.Normal.InvCDF(Mu, Sigma, Open(u)),
            Distribution.LogNormal or Distribution.QLogNormal => Math.Exp(MathNet.Numerics.Distributions.Normal.InvCDF(Mu, Sigma, Open(u))),
            Distribution.Beta or Distribution.QBeta => MathNet.Numerics.Distributions.Beta.InvCDF(A, B, Open(u)),
            _ => throw new InvalidOperationException($"Unhandled distribution {Distribution}."),
        };
        return Emit(raw);
    }

    /// <summary>Where a value sits in the unit interval (the CDF); null when the value is not one of the parameter's.</summary>
    public double? ToUnit(JsonNode? value)
    {
        switch (Distribution)
        {
            case Distribution.Constant:
                return 0.5;
            case Distribution.Categorical:
                for (var i = 0; i < Values.Count; i++)
                {
                    if (JsonNode.DeepEquals(Values[i], value))
                    {
                        var low = i == 0 ? 0 : Cumulative[i - 1];
                        return (low + Cumulative[i]) / 2;
                    }
                }

                return null;
        }

        if (TryNumber(value) is not { } x)
        {
            return null;
        }

        var unit = Distribution switch
        {
            Distribution.IntUniform => (x - Min + 0.5) / (Max - Min + 1),
            Distribution.Uniform or Distribution.QUniform => (x - Min) / (Max - Min),
            Distribution.LogUniform or Distribution.QLogUniform => x > 0 ? (Math.Log(x) - Min) / (Max - Min) : 0,
            Distribution.LogUniformValues or Distribution.QLogUniformValues or Distribution.InvLogUniformValues =>
                x > 0 ? (Math.Log(x) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)) : 0,
            Distribution.InvLogUniform => x > 0 ? 1 - ((-Math.Log(x) - Min) / (Max - Min)) : 0,
            Distribution.Normal or Distribution.QNormal => MathNet.Numerics.Distributions.Normal.CDF(Mu, Sigma, x),
            Distribution.LogNormal or Distribution.QLogNormal => x > 0 ? MathNet.Numerics.Distributions.Normal.CDF(Mu, Sigma, Math.Log(x)) : 0,
            Distribution.Beta or Distribution.QBeta => MathNet.Numerics.Distributions.Beta.CDF(A, B, Math.Clamp(x, 0, 1)),
            _ => 0.5,
        };
        return double.IsFinite(unit) ? Math.Clamp(unit, 0, 1) : null;
    }

    /// <summary>
    /// Every value of the parameter for grid search: the listed values, the integers of an int_uniform range, the
    /// multiples of q of a q_uniform range. Other distributions have no grid (<see cref="ArgumentException"/>).
    /// </summary>
    public IReadOnlyList<JsonNode?> GridValues()
    {
        switch (Distribution)
        {
            case Distribution.Constant or Distribution.Categorical:
                return Values;
            case Distribution.IntUniform:
                EnsureGridSize(Max - Min + 1);
                return Enumerable.Range(0, (int)(Max - Min + 1)).Select(i => (JsonNode?)JsonValue.Create((long)Min + i)).ToArray();
            case Distribution.QUniform:
                var first = Math.Ceiling(Min / Q);
                var last = Math.Floor(Max / Q);
                EnsureGridSize(last - first + 1);
                return Enumerable.Range(0, (int)(last - first + 1)).Select(i => Emit((first + i) * Q)).ToArray();
            default:
                throw Invalid(Name, "grid search needs values, value, int_uniform or q_uniform (a continuous distribution has no grid)");
        }
    }

    private void EnsureGridSize(double count)
    {
        if (count > Contracts.Sweeps.SweepLimits.MaxValuesPerParameter)
        {
            throw new Contracts.Limits.CapExceededException(
                $"Sweep parameter '{Name}' has {count} grid values; at most {Contracts.Sweeps.SweepLimits.MaxValuesPerParameter} are accepted.");
        }
    }

    private JsonNode? Emit(double raw)
    {
        var quantized = Distribution is Distribution.QUniform or Distribution.QLogUniform or Distribution.QLogUniformValues
            or Distribution.QNormal or Distribution.QLogNormal or Distribution.QBeta;
        if (quantized)
        {
            raw = Math.Round(raw / Q, MidpointRounding.ToEven) * Q;
        }

        if (IntegerValues)
        {
            return JsonValue.Create((long)Math.Round(raw));
        }

        // Rounding to q leaves float noise (0.30000000000000004); 15 significant digits print what a user expects.
        return JsonValue.Create(quantized ? double.Parse(raw.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : raw);
    }

    /// <summary>Keeps probabilities away from 0 and 1, where the inverse CDFs of unbounded distributions are infinite.</summary>
    private static double Open(double u) => Math.Clamp(u, 1e-12, 1 - 1e-12);

    /// <summary>The number in a JSON value (integer or not), or null when it holds something else.</summary>
    public static double? TryNumber(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return null;
        }

        return value.TryGetValue(out double number) ? number : value.TryGetValue(out long integer) ? integer : null;
    }

    private static bool IsInteger(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number && value.TryGetValue(out long _);

    private static double Number(JsonNode? node, string name, string key) =>
        TryNumber(node) ?? throw Invalid(name, $"{key} must be a number");

    private static ArgumentException Invalid(string name, string problem) => new($"Invalid sweep parameter '{name}': {problem}.");
}
