using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Core;
using Azure.Storage.Blobs;
using Orleans.Runtime;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The status a request answers when a storage dependency fails, with the failures produced by the real drivers
/// (the Azure SDK, MySqlConnector) against test-owned endpoints that refuse, hang or answer an error, instead of
/// exceptions built by hand: what a retry can fix is a 503 (every W&amp;B client retries it, also when Orleans
/// wraps it), a misconfiguration stays a 500.
/// </summary>
public sealed class DependencyFailureStatusTests
{
    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(429)]
    [InlineData(408)]
    public async Task The_blob_service_answering_an_error_a_retry_can_fix_answers_503(int answer)
    {
        await using var service = await AnsweringServer.StartAsync(answer);

        var failure = await BlobFailureAsync(service.Port);

        Assert.Equal(answer, failure.Status);
        Assert.Equal(503, FailureStatus.Classify(failure).Status);
        Assert.Equal(503, FailureStatus.Classify(new OrleansException("Error from storage provider", failure)).Status);
    }

    [Theory]
    [InlineData(403)] // a wrong account key
    [InlineData(400)]
    public async Task The_blob_service_refusing_the_request_is_a_configuration_error_not_an_outage(int answer)
    {
        await using var service = await AnsweringServer.StartAsync(answer);

        var failure = await BlobFailureAsync(service.Port);

        Assert.Equal(500, FailureStatus.Classify(failure).Status);
    }

    [Fact]
    public async Task The_blob_service_not_listening_answers_503_also_after_the_SDK_gave_up_retrying()
    {
        var closedPort = FreePorts.Next();

        var once = await BlobFailureAsync(closedPort);
        var afterRetries = await Assert.ThrowsAnyAsync<Exception>(() => ContainerAt(closedPort, retries: 2).GetPropertiesAsync());

        Assert.Equal(0, once.Status);
        Assert.Equal(503, FailureStatus.Classify(once).Status);
        Assert.IsType<AggregateException>(afterRetries);
        Assert.Equal(503, FailureStatus.Classify(afterRetries).Status);
    }

    [Fact]
    public async Task The_blob_service_accepting_but_never_answering_answers_503()
    {
        await using var blackHole = await AnsweringServer.StartAsync(answer: null);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ContainerAt(blackHole.Port, retries: 0, networkTimeout: TimeSpan.FromSeconds(1)).GetPropertiesAsync());

        Assert.True(503 == FailureStatus.Classify(failure).Status, failure.ToString());
    }

    [Fact]
    public async Task The_database_accepting_but_never_answering_answers_503()
    {
        // A partition that lets the TCP handshake through but nothing after it: the driver's connect timeout.
        await using var blackHole = await AnsweringServer.StartAsync(answer: null);
        await using var connection = new MySqlConnector.MySqlConnection(
            $"Server=127.0.0.1;Port={blackHole.Port};User ID=x;Password=x;Connection Timeout=1;Pooling=false");

        var failure = await Assert.ThrowsAsync<MySqlConnector.MySqlException>(() => connection.OpenAsync());

        Assert.Equal(503, FailureStatus.Classify(failure).Status);
        Assert.Equal(503, FailureStatus.Classify(new OrleansException("Error from storage provider AdoNetGrainStorage", failure)).Status);
    }

    [Fact]
    public async Task The_database_closing_the_connection_at_once_answers_503()
    {
        // A database restarting: the port accepts and the connection is closed before the handshake.
        await using var closing = await AnsweringServer.StartAsync(answer: null, closeAtOnce: true);
        await using var connection = new MySqlConnector.MySqlConnection(
            $"Server=127.0.0.1;Port={closing.Port};User ID=x;Password=x;Connection Timeout=5;Pooling=false");

        var failure = await Assert.ThrowsAsync<MySqlConnector.MySqlException>(() => connection.OpenAsync());

        Assert.Equal(503, FailureStatus.Classify(failure).Status);
    }

    private static async Task<Azure.RequestFailedException> BlobFailureAsync(int port) =>
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => ContainerAt(port, retries: 0).GetPropertiesAsync());

    /// <summary>A container client as the cluster profile builds one (Azurite's development account), at a port of ours.</summary>
    private static BlobContainerClient ContainerAt(int port, int retries, TimeSpan? networkTimeout = null)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = retries;
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(10);
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                         "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                         $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        return new BlobServiceClient(connection, options).GetBlobContainerClient("runs");
    }

    /// <summary>
    /// A TCP server on loopback that answers every HTTP request with one status (or, with no status, reads and never
    /// answers; or closes each connection as soon as it is accepted).
    /// </summary>
    private sealed class AnsweringServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _held = [];
        private readonly Task _loop;

        private AnsweringServer(TcpListener listener, int? answer, bool closeAtOnce)
        {
            _listener = listener;
            _loop = Task.Run(() => AcceptAsync(answer, closeAtOnce));
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static Task<AnsweringServer> StartAsync(int? answer, bool closeAtOnce = false)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new AnsweringServer(listener, answer, closeAtOnce));
        }

        private async Task AcceptAsync(int? answer, bool closeAtOnce)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (closeAtOnce)
                {
                    client.Dispose();
                    continue;
                }

                lock (_held)
                {
                    _held.Add(client);
                }

                if (answer is { } status)
                {
                    _ = Task.Run(() => AnswerAsync(client, status));
                }
            }
        }

        private async Task AnswerAsync(TcpClient client, int status)
        {
            try
            {
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var response = $"HTTP/1.1 {status} Failure\r\nContent-Length: 0\r\nx-ms-error-code: Failure\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away first.
            }
            finally
            {
                client.Dispose();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            lock (_held)
            {
                foreach (var client in _held)
                {
                    client.Dispose();
                }
            }

            await _loop;
            _stop.Dispose();
        }
    }
}
