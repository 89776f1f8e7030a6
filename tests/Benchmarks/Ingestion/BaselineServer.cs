using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>
/// The yardstick: a bare ASP.NET Core endpoint on the same route that parses the same bodies and appends and
/// fsyncs them to one file before answering — the least a durable ingestion endpoint has to do.
/// </summary>
public sealed class BaselineServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FileStream _file;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private BaselineServer(WebApplication app, FileStream file, string baseUrl)
    {
        _app = app;
        _file = file;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<BaselineServer> StartAsync(string dataDir, int port)
    {
        Directory.CreateDirectory(dataDir);
        var file = new FileStream(Path.Combine(dataDir, "baseline.log"), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new BaselineServer(app, file, $"http://127.0.0.1:{port}");
        app.MapPost("/files/{entity}/{project}/{run}/file_stream", (Delegate)server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        var files = document.RootElement.GetProperty("files");
        await _lock.WaitAsync();
        try
        {
            foreach (var file in files.EnumerateObject())
            {
                foreach (var line in file.Value.GetProperty("content").EnumerateArray())
                {
                    var bytes = System.Text.Encoding.UTF8.GetBytes(line.GetString()!);
                    await _file.WriteAsync(bytes);
                    _file.WriteByte((byte)'\n');
                }
            }

            _file.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }

        return Results.Text("""{"exitcode":null,"limits":{}}""", "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _file.DisposeAsync();
    }
}
