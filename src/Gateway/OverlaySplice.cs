using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Dtaas.Gateway;

/// <summary>
/// The origin side of the overlay hop below HTTP (<c>--overlay-splice on</c>). A member's gateway connects to
/// overlay address:<see cref="Port"/> and names an app in a <see cref="SplicePreamble"/>; the caller is the member its
/// overlay source address belongs to (WireGuard proved it; nothing it says counts). If the app is shared with it, has
/// authentication None and an HTTP/1.1 Service, this node connects to the Service and copies bytes both ways without
/// parsing HTTP; every other app is served by <see cref="OverlayIngress"/>, which a probe says. A refusal is an HTTP/1.1
/// answer with the ingress's reasons (404, 502), then the connection closes; a caller that is not a member gets no byte.
/// Each live splice is checked again every second (the member still one, the app still shared and spliceable) and cut
/// when it is not.
/// </summary>
public sealed class OverlaySplice : IAsyncDisposable
{
    public const int Port = 7483;

    /// <summary>Splices at once, all members together; more connections are closed unanswered.</summary>
    public const int MaxConnections = 4096;

    /// <summary>Splices at once from one address, so that one member cannot take every place.</summary>
    public const int MaxConnectionsPerAddress = 1024;

    private const int BufferSize = 16 * 1024;
    private static readonly TimeSpan PreambleTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecheckPeriod = TimeSpan.FromSeconds(1);

    private readonly Socket _listener;
    private readonly Func<IPAddress, string?> _callerOf;
    private readonly IAppDirectory _directory;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Splice, byte> _live = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly Task _rechecking;
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private int _connections;

    private OverlaySplice(Socket listener, Func<IPAddress, string?> callerOf, IAppDirectory directory, GatewayOptions options, ILogger logger)
    {
        (_listener, _callerOf, _directory, _options, _logger) = (listener, callerOf, directory, options, logger);
        Endpoint = (IPEndPoint)listener.LocalEndPoint!;
        _accepting = AcceptAsync(_stopping.Token);
        _rechecking = RecheckAsync(_stopping.Token);
    }

    /// <summary>The bound endpoint (the real port when asked for 0).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary><paramref name="callerOf"/>: a connection's source address to the member node id it belongs to, or null.</summary>
    public static OverlaySplice Start(IPEndPoint endpoint, Func<IPAddress, string?> callerOf, IAppDirectory directory, GatewayOptions options,
        ILoggerFactory loggerFactory)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new OverlaySplice(listener, callerOf, directory, options, loggerFactory.CreateLogger<OverlaySplice>());
    }

    /// <summary>Whether a request of <paramref name="app"/> may go as bytes: nothing to decide per request, and HTTP/1.1 at both ends.</summary>
    public static bool Spliceable(OriginApp app) => app.AuthenticationUrl is null && !app.ServiceHttp2;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await Task.WhenAll(_accepting, _rechecking);
        foreach (var splice in _live.Keys)
        {
            splice.Cut();
        }
        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogWarning("Overlay splice: accept failed: {Reason}", e.Message);
                continue;
            }
            var remote = ((IPEndPoint)client.RemoteEndPoint!).Address;
            remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            var fromRemote = _perAddress.AddOrUpdate(remote, 1, (_, count) => count + 1);
            if (Interlocked.Increment(ref _connections) > MaxConnections || fromRemote > MaxConnectionsPerAddress)
            {
                _logger.LogWarning("Overlay splice: connection from {Remote} closed: {Max} splices at once already ({MaxPerAddress} from one address)",
                    remote, MaxConnections, MaxConnectionsPerAddress);
                Release(remote);
                client.Dispose();
                continue;
            }
            _ = ServeAsync(client, remote, cancellationToken);
        }
    }

    private void Release(IPAddress remote)
    {
        Interlocked.Decrement(ref _connections);
        if (_perAddress.AddOrUpdate(remote, 0, (_, count) => count - 1) <= 0)
        {
            _perAddress.TryRemove(KeyValuePair.Create(remote, 0));
        }
    }

    private async Task ServeAsync(Socket client, IPAddress remote, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        Socket? service = null;
        try
        {
            client.NoDelay = true;
            if (_callerOf(remote) is not { } caller)
            {
                _logger.LogWarning("Overlay splice: connection from {Remote} refused: not a member", remote);
                return;
            }
            var (preamble, consumed, received) = await ReadPreambleAsync(client, buffer, cancellationToken);
            if (preamble is null)
            {
                _logger.LogWarning("Overlay splice: connection from node {Caller} closed: no preamble within {Max} bytes and {Seconds} s",
                    caller, SplicePreamble.MaxLength, PreambleTimeout.TotalSeconds);
                return;
            }
            var app = _directory.FindOrigin(preamble.AppId, caller);
            if (preamble.Probe)
            {
                var answer = app is not null && Spliceable(app) ? SplicePreamble.SpliceAnswer : SplicePreamble.HttpAnswer;
                await client.SendAsync(Encoding.ASCII.GetBytes(answer + "\n"), cancellationToken);
                return;
            }
            if (app is null)
            {
                _logger.LogWarning("Overlay splice: app {AppId} from node {Caller}: no such app shared with it", preamble.AppId, caller);
                await RefuseAsync(client, 404, $"no dtApp {preamble.AppId} here that node {caller} may use", cancellationToken);
                return;
            }
            var refusal = !Spliceable(app) ? $"dtApp {app.ObjectKey} is served through the origin's HTTP ingress; retry"
                : app.Service is null ? app.ServiceProblem ?? $"dtApp {app.ObjectKey} has no Service to send requests to"
                : null;
            var name = $"{(app.ServiceName is { } serviceName ? $"Service {serviceName}" : $"the Service of dtApp {app.ObjectKey}")} at {app.Service?.Authority}";
            if (refusal is null)
            {
                (service, var error) = await ConnectAsync(app.Service!, cancellationToken);
                refusal = error is null ? null : $"cannot reach {name}: {error}";
            }
            if (service is null)
            {
                refusal ??= $"cannot reach {name}";
                _logger.LogWarning("dtApp {AppId}: splice from node {Caller} answered 502: {Reason}", app.AppId, caller, refusal);
                await RefuseAsync(client, 502, refusal, cancellationToken);
                return;
            }
            var splice = new Splice(client, service, remote, caller, app.AppId);
            _live[splice] = 0;
            try
            {
                if (received > consumed)
                {
                    await SendAllAsync(service, buffer.AsMemory(consumed, received - consumed), cancellationToken);
                }
                await Task.WhenAll(CopyAsync(client, service, buffer, splice, cancellationToken), CopyAsync(service, client, null, splice, cancellationToken));
            }
            finally
            {
                _live.TryRemove(splice, out _);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // A side went away, the splice was cut or the node is stopping: both connections close below.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Overlay splice failed");
        }
        finally
        {
            service?.Dispose();
            client.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            Release(remote);
        }
    }

    /// <summary>A connection to the Service, or why there is none.</summary>
    private async Task<(Socket? Socket, string? Error)> ConnectAsync(Uri service, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(service.IdnHost, service.Port), timeout.Token);
            return (socket, null);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, e is SocketException socketError ? socketError.Message : $"no connection within {_options.ConnectTimeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>The preamble and how far it went into <paramref name="buffer"/> (the rest, up to received, is the app's).</summary>
    private static async Task<(SplicePreamble? Preamble, int Consumed, int Received)> ReadPreambleAsync(Socket client, byte[] buffer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PreambleTimeout);
        int received = 0;
        try
        {
            while (true)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return (null, 0, 0);
                }
                var end = buffer.AsSpan(received, read).IndexOf((byte)'\n');
                if (end >= 0)
                {
                    end += received;
                    return end > SplicePreamble.MaxLength ? (null, 0, 0) : (SplicePreamble.Parse(buffer.AsSpan(0, end)), end + 1, received + read);
                }
                received += read;
                if (received > SplicePreamble.MaxLength)
                {
                    return (null, 0, 0);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, 0, 0);
        }
    }

    private static async Task CopyAsync(Socket from, Socket to, byte[]? buffer, Splice splice, CancellationToken cancellationToken)
    {
        var owned = buffer is null ? ArrayPool<byte>.Shared.Rent(BufferSize) : null;
        var memory = (buffer ?? owned!).AsMemory();
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(memory, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send); // the half-close travels on: the other direction may go on
                    return;
                }
                await SendAllAsync(to, memory[..read], cancellationToken);
            }
        }
        catch
        {
            splice.Cut(); // one side broke: the other direction cannot finish either
            throw;
        }
        finally
        {
            if (owned is not null)
            {
                ArrayPool<byte>.Shared.Return(owned);
            }
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            data = data[await socket.SendAsync(data, SocketFlags.None, cancellationToken)..];
        }
    }

    /// <summary>An HTTP/1.1 answer the member's gateway passes on as it would the ingress's, then the end of the connection.</summary>
    private static async Task RefuseAsync(Socket client, int status, string reason, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(reason + "\n");
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\nContent-Type: text/plain; charset=utf-8\r\n" +
            $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await SendAllAsync(client, head.Concat(body).ToArray(), cancellationToken);
        client.Shutdown(SocketShutdown.Send);
        // Read what the request still sends (a bounded amount, briefly): closing with unread bytes would reset the
        // connection, and the gateway might lose the answer.
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(TimeSpan.FromSeconds(1));
        var sink = new byte[4096];
        try
        {
            for (int total = 0; total < 1024 * 1024;)
            {
                var read = await client.ReceiveAsync(sink, SocketFlags.None, drain.Token);
                if (read == 0)
                {
                    return;
                }
                total += read;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RecheckAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RecheckPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var splice in _live.Keys)
                {
                    if (_callerOf(splice.Remote) != splice.Caller || _directory.FindOrigin(splice.AppId, splice.Caller) is not { } app || !Spliceable(app))
                    {
                        _logger.LogInformation("dtApp {AppId}: splice from node {Caller} cut: the app is no longer shared with it, or no longer spliced",
                            splice.AppId, splice.Caller);
                        splice.Cut();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One live splice: a member's connection and the one to the Service it is joined to.</summary>
    private sealed class Splice(Socket client, Socket service, IPAddress remote, string caller, string appId)
    {
        public IPAddress Remote => remote;
        public string Caller => caller;
        public string AppId => appId;

        /// <summary>Ends both connections (the copies then end with an error).</summary>
        public void Cut()
        {
            client.Dispose();
            service.Dispose();
        }
    }
}
