using System.Net;
using System.Net.Sockets;

namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// Ports nobody listens on, so servers started by parallel tests never collide. They come from below the kernel's
/// ephemeral range (32768 and up on Linux): a port the OS hands out for "any free port" is free only until an
/// outgoing connection takes it, which happened between picking a port and a server binding it. Each port is
/// handed out once per test run, starting at a random point so that concurrent runs rarely meet.
/// </summary>
public static class FreePorts
{
    private const int First = 20000;
    private const int Count = 12000;
    private static readonly object Gate = new();
    private static readonly HashSet<int> Handed = [];
    private static int _cursor = Random.Shared.Next(Count);

    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried < Count; tried++)
            {
                var port = First + (_cursor++ % Count);
                if (!Handed.Contains(port) && IsFree(port))
                {
                    Handed.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port between {First} and {First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            // Servers bind every interface (HTTP) or loopback (Orleans, MariaDB, Azurite): both must be free.
            using var any = new TcpListener(IPAddress.Any, port);
            any.Start();
            any.Stop();
            using var loopback = new TcpListener(IPAddress.Loopback, port);
            loopback.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
