using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Hosting;

/// <summary>
/// Issue #11: a server started with <c>--urls http://127.0.0.1:PORT</c> listens on loopback only (README, Security:
/// "To listen on loopback only"), read from the kernel's socket table and by connecting to this machine's other
/// addresses; <c>PORT</c> alone listens on every interface, as W&amp;B Local does.
/// </summary>
[Trait("Needs", "Process")]
public sealed class LoopbackBindingTests
{
    [Fact]
    public async Task An_explicit_loopback_url_listens_on_loopback_only()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(
            data.Path, TestKeys.NewApiKey(), settings: null, readyWithin: null, arguments: port => ["--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal(["127.0.0.1"], ListeningAddresses(server.Port));
        foreach (var address in NonLoopbackAddresses())
        {
            Assert.False(await ConnectsAsync(address, server.Port), $"{address}:{server.Port} accepted a connection");
        }

        Assert.True(await ConnectsAsync(IPAddress.Loopback, server.Port));
    }

    [Fact]
    public async Task Port_alone_listens_on_every_interface()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());

        Assert.Equal(["0.0.0.0"], ListeningAddresses(server.Port));
        foreach (var address in NonLoopbackAddresses())
        {
            Assert.True(await ConnectsAsync(address, server.Port), $"{address}:{server.Port} refused a connection");
        }
    }

    /// <summary>The local addresses of the sockets listening on <paramref name="port"/>, from /proc/net/tcp and tcp6.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var found = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == Listen && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    found.Add(AddressOf(local[0]).ToString());
                }
            }
        }

        return found;
    }

    /// <summary>An address as the kernel prints it: hex, each 32-bit word in host (little-endian) order.</summary>
    private static IPAddress AddressOf(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }

    private static List<IPAddress> NonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses.Select(unicast => unicast.Address))
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork)
            .ToList();

    private static async Task<bool> ConnectsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
