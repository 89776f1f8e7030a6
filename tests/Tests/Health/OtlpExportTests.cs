using System.Collections.Concurrent;
using System.Net;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Health;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the server pushes traces (a request through its grain calls) and
/// metrics to that collector over OTLP; here a collector stand-in on 127.0.0.1 that records what arrives.
/// </summary>
[Trait("Needs", "Process")]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_and_metrics_reach_the_configured_collector()
    {
        await using var collector = OtlpCollector.Start();
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey(), new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        var (status, _) = await server.Client.FileStreamAsync("admin", "otlp", "traced", """{"files": {"wandb-events.jsonl": {"offset": 0, "content": ["{\"_runtime\": 1}"]}}}""");
        Assert.Equal(200, status);

        // Protobuf, not text: the request's span (named by its route) and the server's own meter are in there by name,
        // and the request's trace went on into the run grain it called.
        await collector.ReceivedAsync("/v1/traces", "/files/{entity}/{project}/{run}/file_stream");
        await collector.ReceivedAsync("/v1/traces", "IRunGrain");
        await collector.ReceivedAsync("/v1/metrics", "wandb.filestream.batches");
    }

    /// <summary>Answers every OTLP/HTTP export with 200 and keeps the bodies by path.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly Task _serving;

        private OtlpCollector(int port)
        {
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Endpoint { get; }

        public static OtlpCollector Start() => new(FreePorts.Next());

        /// <summary>Waits (60 s at most) until an export posted to <paramref name="path"/> holds <paramref name="text"/>.</summary>
        public async Task ReceivedAsync(string path, string text)
        {
            var needle = System.Text.Encoding.UTF8.GetBytes(text);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0))
            {
                try
                {
                    await _arrived.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"no export to {path} held '{text}' within 60 s ({_received.Count(r => r.Path == path)} exports arrived there)");
                }
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                _arrived.Release();
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
