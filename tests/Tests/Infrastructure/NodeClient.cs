using System.Diagnostics;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>Runs a script of tests/e2e with Node.js: the official @wandb/sdk, unchanged, as a user runs it.</summary>
public static class NodeClient
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var folder = RepoPaths.E2eClient;
        var home = Path.Combine(Path.GetTempPath(), "orleans-wandb-node-home", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(home);
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.Environment["HOME"] = home;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Not an exception: the caller's assertion then shows the server's log beside the client's, which is
            // what tells why the client kept retrying.
            process.Kill(entireProcessTree: true);
            return (-1, $"node {script} did not finish within {timeout}.\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
