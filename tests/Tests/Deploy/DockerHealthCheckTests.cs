using System.Diagnostics;
using System.Text.Json;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Deploy;

/// <summary>The image's HEALTHCHECK command, run as Docker runs it, against a real server and a closed port.</summary>
[Trait("Needs", "Process")]
public sealed class DockerHealthCheckTests
{
    [Fact]
    public async Task The_image_health_check_passes_on_a_running_server_and_fails_on_a_closed_port()
    {
        using var deployment = ServerDeployment.Embedded();
        await using var group = await deployment.StartAsync();

        Assert.Equal(0, await RunHealthCheckAsync(group.Primary.Port));
        Assert.NotEqual(0, await RunHealthCheckAsync(FreePorts.Next()));
    }

    /// <summary>The exec form of the Dockerfile's HEALTHCHECK CMD (a JSON array), with PORT set as in the image.</summary>
    private static async Task<int> RunHealthCheckAsync(int port)
    {
        var line = File.ReadLines(Path.Combine(RepoPaths.Root, "Dockerfile")).Single(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var command = JsonSerializer.Deserialize<string[]>(line[(line.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..])!;
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in command[1..])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PORT"] = port.ToString();
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }
}
