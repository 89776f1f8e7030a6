namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>Finds the repository root, the built server, and the recorded client traffic.</summary>
public static class RepoPaths
{
    /// <summary>The folder that holds Orleans.Wandb.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The recorded client traffic: <c>tests/fixtures</c> (see its README for who recorded each file).</summary>
    public static string Fixtures
    {
        get
        {
            var path = Path.Combine(Root, "tests", "fixtures");
            return Directory.Exists(path)
                ? path
                : throw new InvalidOperationException($"The recorded fixtures are missing: expected them at {path}.");
        }
    }

    /// <summary>The end-to-end client folder with node_modules installed by scripts/install-test-deps.sh.</summary>
    public static string E2eClient
    {
        get
        {
            var path = Path.Combine(Root, "tests", "e2e");
            return Directory.Exists(Path.Combine(path, "node_modules", "@wandb", "sdk"))
                ? path
                : throw new InvalidOperationException($"@wandb/sdk is not installed in {path}: run scripts/install-test-deps.sh (the README's test command does).");
        }
    }

    /// <summary>The built server assembly of the same configuration as these tests.</summary>
    public static string ServerAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Release"
                : "Debug";
            var path = Path.Combine(Root, "src", "Silo", "bin", configuration, "net10.0", "Orleans.Wandb.Silo.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"The server is not built: {path} is missing.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Wandb.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Orleans.Wandb.sln not found above {AppContext.BaseDirectory}.");
    }
}
