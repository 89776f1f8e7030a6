using System.Diagnostics;
using System.Text;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// The real server as users run it: a separate <c>dotnet Orleans.Wandb.Silo.dll</c> process on loopback
/// ports of its own, with a data folder the test chooses (so it can be restarted on the same folder or killed).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, int port, string dataDir, string apiKey)
    {
        _process = process;
        Port = port;
        DataDir = dataDir;
        ApiKey = apiKey;
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    /// <summary>The server's process id (to read its memory figures from <c>/proc</c>).</summary>
    public int ProcessId => _process.Id;
    public string DataDir { get; }
    public string ApiKey { get; }
    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public WandbClient Client => new(Http, ApiKey);

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts a server on <paramref name="dataDir"/> whose admin has <paramref name="apiKey"/>, and waits until it is ready.
    /// A setting with an empty value is removed from the environment (e.g. <c>ADMIN_PASSWORD</c>, to have one generated).
    /// </summary>
    public static Task<ServerProcess> StartAsync(
        string dataDir, string apiKey, IDictionary<string, string>? settings = null, TimeSpan? readyWithin = null) =>
        StartAsync(dataDir, apiKey, settings, readyWithin, arguments: null);

    /// <summary>
    /// Like <see cref="StartAsync(string, string, IDictionary{string, string}?, TimeSpan?)"/>, with command-line
    /// arguments built from the server's port (e.g. <c>port =&gt; ["--urls", $"http://127.0.0.1:{port}"]</c>).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string dataDir, string apiKey, IDictionary<string, string>? settings, TimeSpan? readyWithin, Func<int, IEnumerable<string>>? arguments)
    {
        var port = FreePorts.Next();
        var info = StartInfo(port, dataDir, apiKey, settings);
        foreach (var argument in arguments?.Invoke(port) ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, port, dataDir, apiKey);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running[process.Id] = process;
        try
        {
            await server.WaitUntilReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            // Nobody gets this server to dispose: stop it here, or it outlives the test run.
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// How the built server is started on <paramref name="port"/> and <paramref name="dataDir"/> (for a test that runs
    /// it itself, e.g. to watch it refuse to start). A setting with an empty value is removed from the environment.
    /// </summary>
    public static ProcessStartInfo StartInfo(int port, string dataDir, string apiKey, IDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.ServerAssembly)!,
        };
        info.ArgumentList.Add(RepoPaths.ServerAssembly);
        info.Environment["PORT"] = port.ToString();
        info.Environment["SILO_PORT"] = FreePorts.Next().ToString();
        info.Environment["GATEWAY_PORT"] = FreePorts.Next().ToString();
        info.Environment["DATA_DIR"] = dataDir;
        info.Environment["ADMIN_API_KEY"] = apiKey;
        info.Environment["ADMIN_PASSWORD"] = "test-password-1";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";

        // The key every server of this test process makes public ids with, so tests can read the ids they are handed.
        info.Environment["PUBLIC_ID_KEY"] = TestKeys.PublicIdKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            if (value.Length == 0)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }

    // Every server process not yet disposed, killed when the test process exits whatever happened to the tests.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Running = CreateRegistry();

    private static System.Collections.Concurrent.ConcurrentDictionary<int, Process> CreateRegistry()
    {
        var running = new System.Collections.Concurrent.ConcurrentDictionary<int, Process>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in running.Values)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        };
        return running;
    }

    /// <summary>kill -9: the process gets no chance to flush anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>A graceful stop (SIGTERM), as a service manager would do it.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
            await kill!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException($"The server did not stop within 30 s after SIGTERM.\n{Output}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Running.TryRemove(_process.Id, out _);
        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting.\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The server was not ready within {within.TotalSeconds} s.\n{Output}");
    }
}
