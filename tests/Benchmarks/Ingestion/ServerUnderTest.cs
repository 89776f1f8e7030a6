using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>The real server, started as users start it (the Release build of src/Silo) on a fresh data folder.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private ServerUnderTest(Process process, string baseUrl, string apiKey)
    {
        _process = process;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
    }

    public string BaseUrl { get; }
    public string ApiKey { get; }
    public string Entity => "local";

    /// <param name="logFile">Where the server's log goes (with timestamps, at Information); by default it is dropped.</param>
    public static async Task<ServerUnderTest> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? settings = null, string? apiKey = null, string? logFile = null)
    {
        var assembly = FindServerAssembly();
        var port = FreePort();
        apiKey ??= "local-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(assembly);
        info.Environment["PORT"] = port.ToString();
        info.Environment["SILO_PORT"] = FreePort().ToString();
        info.Environment["GATEWAY_PORT"] = FreePort().ToString();
        info.Environment["DATA_DIR"] = dataDir;
        info.Environment["ADMIN_API_KEY"] = apiKey;
        info.Environment["ADMIN_PASSWORD"] = "benchmark-password";
        info.Environment["Logging__LogLevel__Default"] = logFile is null ? "Warning" : "Information";
        if (logFile is not null)
        {
            info.Environment["Logging__LogLevel__Orleans"] = "Information";
            info.Environment["Logging__Console__FormatterName"] = "simple";
            info.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
            info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var log = logFile is null ? null : TextWriter.Synchronized(new StreamWriter(logFile) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerUnderTest(process, $"http://127.0.0.1:{port}", apiKey);
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await http.GetAsync(server.BaseUrl + "/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The server did not become ready.");
    }

    /// <summary>Resident set size of the server process, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        throw new InvalidOperationException("VmRSS not found.");
    }

    /// <summary>CPU time (user + system) the server process has used so far, from /proc.</summary>
    public TimeSpan CpuTime()
    {
        // Fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux), after the command name.
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>The server process's id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>kill -9: the process ends at once, mid-request, as when a machine or pod dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Kubernetes or systemd stops a pod or service; completes when the process has exited.</summary>
    public async Task TerminateAsync(TimeSpan patience)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindServerAssembly()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Silo", "bin", "Release", "net10.0", "Orleans.Wandb.Silo.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Build the server first: dotnet build src/Silo -c Release");
    }
}
