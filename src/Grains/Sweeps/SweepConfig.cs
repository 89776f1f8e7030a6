using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Sweeps;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// A validated sweep configuration (W&amp;B's sweep config: <c>method</c>, <c>metric</c>, <c>parameters</c>,
/// <c>run_cap</c>, <c>early_terminate</c>, <c>program</c>, <c>command</c>…). Parsed from the stored text on every
/// activation, never stored twice. Invalid configs throw <see cref="ArgumentException"/> naming the problem.
/// </summary>
internal sealed class SweepConfig
{
    private static readonly HashSet<string> KnownKeys =
    [
        "method", "metric", "parameters", "run_cap", "early_terminate", "program", "command", "name", "description",
        "project", "entity", "controller", "job", "image_uri", "scheduler", "apiVersion", "launch",
    ];

    public required string Method { get; init; }
    public string? MetricName { get; init; }

    /// <summary>True when the goal is to maximize the metric (else minimize, W&amp;B's default).</summary>
    public bool Maximize { get; init; }
    public double? Target { get; init; }
    public required IReadOnlyList<SweepParameter> Parameters { get; init; }
    public int? RunCap { get; init; }
    public string? Program { get; init; }
    public string? Name { get; init; }
    public Hyperband? EarlyTerminate { get; init; }

    /// <summary>
    /// <c>controller: {type: local}</c>: a local controller (<c>wandb controller</c>, <c>wandb sweep --controller</c>)
    /// searches and schedules through the sweep's <c>controller</c> field; the server only hands its runs out.
    /// </summary>
    public bool LocalController { get; init; }

    /// <summary>Settings the server does not know, reported back as <c>configValidationWarnings</c>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The number of grid points (product of the parameters' grid sizes); grid method only.</summary>
    public long GridSize { get; init; }

    /// <summary>Parses and validates a configuration text.</summary>
    public static SweepConfig Parse(string text)
    {
        if (text.Length > SweepLimits.MaxConfigChars)
        {
            throw new CapExceededException($"The sweep config has {text.Length} characters; at most {SweepLimits.MaxConfigChars} are accepted.");
        }

        var root = SweepConfigText.Parse(text);
        var warnings = root.Select(p => p.Key).Where(k => !KnownKeys.Contains(k))
            .Select(k => $"Unknown sweep config setting '{k}' (ignored).").ToList();

        var method = Text(root, "method") ?? throw new ArgumentException("Invalid sweep config: method is required (grid, random or bayes).");
        if (method is not ("grid" or "random" or "bayes"))
        {
            throw new ArgumentException($"Invalid sweep config: unknown method '{method}' (use grid, random or bayes).");
        }

        string? metricName = null;
        var maximize = false;
        double? target = null;
        if (root["metric"] is JsonObject metric)
        {
            metricName = Text(metric, "name");
            if (string.IsNullOrEmpty(metricName))
            {
                throw new ArgumentException("Invalid sweep config: metric.name is required when metric is given.");
            }

            var goal = Text(metric, "goal") ?? "minimize";
            maximize = goal switch
            {
                "minimize" => false,
                "maximize" => true,
                _ => throw new ArgumentException($"Invalid sweep config: metric.goal must be minimize or maximize, not '{goal}'."),
            };
            target = metric.ContainsKey("target") ? SweepParameter.TryNumber(metric["target"]) ?? throw new ArgumentException("Invalid sweep config: metric.target must be a number.") : null;
        }
        else if (root.ContainsKey("metric"))
        {
            throw new ArgumentException("Invalid sweep config: metric must be a mapping with name and goal.");
        }

        if (method == "bayes" && metricName is null)
        {
            throw new ArgumentException("Invalid sweep config: bayes search needs a metric (metric.name and metric.goal).");
        }

        if (root["parameters"] is not JsonObject parameterSpecs || parameterSpecs.Count == 0)
        {
            throw new ArgumentException("Invalid sweep config: parameters must be a non-empty mapping of parameter names to their values or distributions.");
        }

        var parameters = new List<SweepParameter>();
        Collect(parameterSpecs, [], parameters, 0);

        int? runCap = null;
        if (root.ContainsKey("run_cap") && root["run_cap"] is not null)
        {
            var cap = SweepParameter.TryNumber(root["run_cap"]);
            if (cap is not { } c || c < 1 || c != Math.Floor(c) || c > SweepLimits.MaxRuns)
            {
                throw new ArgumentException($"Invalid sweep config: run_cap must be a whole number from 1 to {SweepLimits.MaxRuns}.");
            }

            runCap = (int)c;
        }

        Hyperband? hyperband = null;
        if (root["early_terminate"] is JsonObject early)
        {
            hyperband = Hyperband.Parse(early);
            if (metricName is null)
            {
                throw new ArgumentException("Invalid sweep config: early_terminate needs a metric to compare runs on.");
            }
        }
        else if (root["early_terminate"] is not null)
        {
            throw new ArgumentException("Invalid sweep config: early_terminate must be a mapping (type: hyperband, min_iter or max_iter, s, eta).");
        }

        long gridSize = 0;
        if (method == "grid")
        {
            gridSize = 1;
            foreach (var parameter in parameters)
            {
                gridSize *= parameter.GridValues().Count;
                if (gridSize > SweepLimits.MaxGridPoints)
                {
                    throw new CapExceededException($"The grid has more than {SweepLimits.MaxGridPoints} points; narrow the parameters' values or use random search.");
                }
            }
        }

        var controller = root["controller"] switch
        {
            null => null,
            JsonObject settings => Text(settings, "type"),
            _ => throw new ArgumentException("Invalid sweep config: controller must be a mapping (type: local or cloud)."),
        };
        if (controller is not (null or "local" or "cloud"))
        {
            throw new ArgumentException($"Invalid sweep config: unknown controller type '{controller}' (use local or cloud).");
        }

        return new SweepConfig
        {
            Method = method,
            LocalController = controller == "local",
            MetricName = metricName,
            Maximize = maximize,
            Target = target,
            Parameters = parameters,
            RunCap = runCap,
            Program = Text(root, "program"),
            Name = Text(root, "name"),
            EarlyTerminate = hyperband,
            Warnings = warnings,
            GridSize = gridSize,
        };
    }

    /// <summary>How many runs the search will make, when bounded: the grid size and <c>run_cap</c>, whichever is smaller.</summary>
    public int? ExpectedRunCount
    {
        get
        {
            long? grid = Method == "grid" ? GridSize : null;
            return (grid, RunCap) switch
            {
                ({ } g, { } cap) => (int)Math.Min(g, cap),
                ({ } g, null) => (int)g,
                (null, { } cap) => cap,
                _ => null,
            };
        }
    }

    private static void Collect(JsonObject specs, IReadOnlyList<string> prefix, List<SweepParameter> into, int depth)
    {
        if (depth > 8)
        {
            throw new ArgumentException("Invalid sweep config: parameters are nested more than 8 levels deep.");
        }

        foreach (var (name, node) in specs)
        {
            if (name.Length == 0 || name.Length > SweepLimits.MaxNameChars)
            {
                throw new ArgumentException($"Invalid sweep config: parameter names must have 1 to {SweepLimits.MaxNameChars} characters.");
            }

            IReadOnlyList<string> path = [.. prefix, name];
            if (node is not JsonObject spec)
            {
                throw new ArgumentException($"Invalid sweep parameter '{string.Join('.', path)}': expected a mapping such as {{values: [...]}} or {{min: 0, max: 1}}.");
            }

            if (spec["parameters"] is JsonObject nested)
            {
                Collect(nested, path, into, depth + 1);
            }
            else
            {
                into.Add(SweepParameter.Parse(path, spec));
            }

            if (into.Count > SweepLimits.MaxParameters)
            {
                throw new CapExceededException($"The sweep has more than {SweepLimits.MaxParameters} parameters.");
            }
        }
    }

    private static string? Text(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
