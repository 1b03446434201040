using System.Collections.Concurrent;
using System.Net;
using Dtaas.Gateway;
using Grpc.Net.Client;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The gRPC channels to other nodes' federation listeners: one per listener address, created on first use and reused
/// (HTTP/2 multiplexes every call to a node over its connection), all over one connection pool. New connections leave
/// from the address <c>source</c> picks for the destination, as routing does for an overlay interface: a listener
/// knows the caller by its source address, and nodes sharing one host (tests) must each speak from their own.
/// </summary>
public sealed class FederationChannels : IDisposable
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly SocketsHttpHandler _handler;
    private readonly ConcurrentDictionary<Uri, GrpcChannel> _channels = new();

    /// <param name="source">The source address of a connection to the given endpoint; null, or a null answer, lets the OS choose.</param>
    public FederationChannels(Func<DnsEndPoint, IPAddress?>? source = null)
    {
        _handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            // A connection whose path died (a member's link down for a while) would otherwise hold every call behind
            // TCP's growing retransmission backoff after the path is back; a missed PING replaces it with a new one.
            KeepAlivePingDelay = TimeSpan.FromSeconds(2),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseProxy = false,
            ConnectCallback = source is null ? null : (context, ct) => SourceBoundConnection.ConnectAsync(source(context.DnsEndPoint), context.DnsEndPoint, ct),
        };
    }

    /// <summary>The channel to the listener at <paramref name="address"/>.</summary>
    public GrpcChannel For(Uri address) => _channels.GetOrAdd(address, static (uri, handler) => GrpcChannel.ForAddress(uri, new GrpcChannelOptions
    {
        HttpHandler = handler,
        DisposeHttpClient = false, // the handler is every channel's
        MaxReceiveMessageSize = MaxMessageBytes,
        MaxSendMessageSize = MaxMessageBytes,
    }), _handler);

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        _channels.Clear();
        _handler.Dispose();
    }
}
