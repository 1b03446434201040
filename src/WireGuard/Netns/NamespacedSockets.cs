using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Dtaas.WireGuard.Netns;

/// <summary>
/// Opens sockets that live in another named network namespace, from this process: a socket belongs for good to the
/// namespace it was created in, so a short-lived thread enters the namespace (setns), creates it and ends. No other
/// thread ever changes namespace, and no helper process is needed for a listener or client "inside" a namespace.
/// </summary>
public static class NamespacedSockets
{
    private const int CloneNewNet = 0x40000000;

    public static Task<Socket> CreateAsync(string netns, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var path = Path.Combine("/var/run/netns", netns);
        var created = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns into network namespace {netns} failed: errno {Marshal.GetLastPInvokeError()}");
                }
                created.SetResult(new Socket(family, type, protocol));
            }
            catch (Exception e)
            {
                created.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {netns}",
        };
        thread.Start();
        return created.Task;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
