using System.Net;
using System.Net.Sockets;

namespace Dtaas.Federation.Harness;

/// <summary>
/// The federation listener's TCP port for one cluster: every node listens on it, each on its own alias. Distinct per
/// cluster (and per process, below the kernel's ephemeral range) so clusters of one run, or of two runs, never meet.
/// </summary>
public static class FederationTcpPorts
{
    private const int First = 20_000;
    private const int Span = 12_000;

    private static int _next = Environment.ProcessId % 400 * 25;

    public static int Next()
    {
        while (true)
        {
            var port = First + Interlocked.Increment(ref _next) % Span;
            if (IsFree(port))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Parse("127.64.0.1"), port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
