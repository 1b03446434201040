using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dtaas.WireGuard.Netns;

namespace Dtaas.Service.Bench;

/// <summary>
/// A listener on the server's network address inside its pod, and connect attempts to it from a client pod: a new
/// attempt every 10 ms, each left running (up to 3 s), so a SYN queued by wireguard-go while it handshakes does not
/// wait for TCP's 1 s retransmission; the first attempt that connects stamps the time.
/// </summary>
public sealed class TcpReachability : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _endpoint;

    private TcpReachability(Socket listener, IPEndPoint endpoint)
    {
        _listener = listener;
        _endpoint = endpoint;
        _ = AcceptLoopAsync();
    }

    public static async Task<TcpReachability> ListenAsync(string serverNetns, IPEndPoint endpoint)
    {
        var listener = await NamespacedSockets.CreateAsync(serverNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endpoint);
        listener.Listen(512);
        return new TcpReachability(listener, endpoint);
    }

    /// <summary>The Stopwatch timestamp at which a connection from <paramref name="clientNetns"/> first succeeded.</summary>
    public async Task<long> WhenThroughAsync(string clientNetns, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new List<Task>();
        try
        {
            while (!reached.Task.IsCompleted)
            {
                if (deadline.IsCancellationRequested)
                {
                    throw new TimeoutException($"no TCP connection from {clientNetns} to {_endpoint} in {timeout.TotalSeconds:N0} s");
                }
                attempts.Add(AttemptAsync(clientNetns, reached, deadline.Token));
                await Task.WhenAny(reached.Task, Task.Delay(Interval));
            }
            return await reached.Task;
        }
        finally
        {
            await deadline.CancelAsync();
            await Task.WhenAll(attempts); // each ends on its own timeout or the cancel
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AttemptAsync(string clientNetns, TaskCompletionSource<long> reached, CancellationToken deadline)
    {
        try
        {
            using var client = await NamespacedSockets.CreateAsync(clientNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            attempt.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(_endpoint, attempt.Token);
            reached.TrySetResult(Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // No interface or route yet, or the handshake not done within this attempt: a later attempt will tell.
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var accepted = await _listener.AcceptAsync(_stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // disposed
        }
    }
}
