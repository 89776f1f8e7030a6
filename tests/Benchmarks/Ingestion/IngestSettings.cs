namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>The shape of the ingestion load: concurrent runs, rows per body, metrics per row, duration.</summary>
public sealed record IngestSettings(int Runs, int RowsPerBody, int Metrics, int Seconds, int IdleRuns)
{
    /// <summary>How many silos <c>ingest-cluster</c> starts.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>Whether to run the memory and baseline phases (off with <c>--only-server 1</c>, for quick comparisons).</summary>
    public bool OnlyServer { get; init; }

    public static IngestSettings Parse(string[] args)
    {
        var settings = new IngestSettings(Runs: 100, RowsPerBody: 100, Metrics: 20, Seconds: 20, IdleRuns: 1000);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1]);
            settings = args[i] switch
            {
                "--runs" => settings with { Runs = value },
                "--rows" => settings with { RowsPerBody = value },
                "--metrics" => settings with { Metrics = value },
                "--seconds" => settings with { Seconds = value },
                "--idle-runs" => settings with { IdleRuns = value },
                "--silos" => settings with { Silos = value },
                "--only-server" => settings with { OnlyServer = value != 0 },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }

        return settings;
    }
}
