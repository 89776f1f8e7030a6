using Orleans.Wandb.Benchmarks.Ingestion;

// Load drivers for the figures in issue notes. Each prints its results; none asserts on time.
var command = args.FirstOrDefault() ?? "help";
switch (command)
{
    case "ingest":
        await IngestBenchmark.RunAsync(IngestSettings.Parse(args.Skip(1).ToArray()));
        break;
    case "ingest-cluster":
        await ClusterIngestBenchmark.RunAsync(IngestSettings.Parse(args.Skip(1).ToArray()));
        break;
    case "reads":
        await Orleans.Wandb.Benchmarks.Reads.ReadBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "attacks":
        await Orleans.Wandb.Benchmarks.Security.CostAttackBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "failover":
        await Orleans.Wandb.Benchmarks.Cluster.FailoverBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "media-table":
        Orleans.Wandb.Benchmarks.Media.TablePageBenchmark.Run(args.Skip(1).ToArray());
        break;
    case "media-panel":
        await Orleans.Wandb.Benchmarks.WebApp.MediaPanelBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "pageload":
        await Orleans.Wandb.Benchmarks.WebApp.PageLoadBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "sweeps":
        await Orleans.Wandb.Benchmarks.Sweeps.SweepBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    default:
        Console.WriteLine("usage: dotnet run --project tests/Benchmarks -c Release -- ingest [--runs 100] [--rows 100] [--metrics 20] [--seconds 20] [--idle-runs 1000] [--only-server 1]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- ingest-cluster [--silos 3] [--runs 100] [--rows 100] [--metrics 20] [--seconds 20]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- failover [--silos 3] [--runs 12] [--logs DIR]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- reads [--steps 1000000] [--runs 100000] [--repeats 50]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- pageload [--runs 1000] [--live-seconds 60]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- media-table [--rows 100000] [--repeats 20]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- media-panel [--runs 30] [--steps 100] [--size 256]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- sweeps [--finished 1000] [--sweeps 100] [--agents 2] [--seconds 15] [--only proposal|server-proposal|heartbeats]");
        Console.WriteLine("       dotnet run --project tests/Benchmarks -c Release -- attacks [--runs 20000] [--table-runs 100000]");
        break;
}
