using System.Net;
using System.Net.Sockets;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on, so servers started by parallel tests never collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
