using System.Net;
using System.Net.Sockets;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder on a loopback port between one server and a dependency, which a test can cut as a network
/// partition would: <see cref="Partition"/> makes the link a black hole (connections open, bytes vanish, nothing
/// answers — a dropped route or a firewall that drops, not one that refuses), <see cref="Heal"/> restores it for
/// new connections. Connections that saw the partition stay dead, as TCP connections across a real one do.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private readonly Task _accepting;
    private volatile bool _partitioned;

    private TcpProxy(TcpListener listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The loopback port the server connects to instead of the dependency's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Forwards a new loopback port to <paramref name="targetPort"/> on loopback.</summary>
    public static TcpProxy Start(int targetPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, FreePorts.Next());
        listener.Start();
        return new TcpProxy(listener, new IPEndPoint(IPAddress.Loopback, targetPort));
    }

    /// <summary>Cuts the link: every open connection stops carrying bytes, new ones open and stay silent.</summary>
    public void Partition()
    {
        _partitioned = true;
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Cut();
            }
        }
    }

    /// <summary>New connections reach the dependency again.</summary>
    public void Heal() => _partitioned = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var link = new Link(inbound);
            lock (_links)
            {
                _links.RemoveAll(l => l.Closed);
                _links.Add(link);
            }

            if (_partitioned)
            {
                link.Cut();
                continue;
            }

            _ = Task.Run(() => link.ForwardAsync(_target, _stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
    }

    /// <summary>One client connection and its connection to the dependency.</summary>
    private sealed class Link(TcpClient inbound) : IDisposable
    {
        private readonly TcpClient _outbound = new();
        private volatile bool _cut;

        public bool Closed { get; private set; }

        /// <summary>From now on bytes in either direction are read and dropped; both sockets stay open.</summary>
        public void Cut() => _cut = true;

        public async Task ForwardAsync(IPEndPoint target, CancellationToken stop)
        {
            try
            {
                await _outbound.ConnectAsync(target, stop);
                await Task.WhenAny(
                    PumpAsync(inbound.GetStream(), _outbound.GetStream(), stop),
                    PumpAsync(_outbound.GetStream(), inbound.GetStream(), stop));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side went away.
            }
            finally
            {
                if (!_cut)
                {
                    Dispose();
                }
            }
        }

        private async Task PumpAsync(Stream from, Stream to, CancellationToken stop)
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await from.ReadAsync(buffer, stop);
                if (read == 0)
                {
                    // A black hole carries no FIN either: the other side keeps waiting.
                    if (_cut)
                    {
                        await Task.Delay(Timeout.Infinite, stop);
                    }

                    return;
                }

                if (!_cut)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), stop);
                }
            }
        }

        public void Dispose()
        {
            Closed = true;
            inbound.Dispose();
            _outbound.Dispose();
        }
    }
}
