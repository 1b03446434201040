using System.Collections.Concurrent;
using System.Net;
using Dtaas.Gateway;
using Grpc.Net.Client;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The gRPC channels to other nodes' federation listeners: one per listener address, created on first use and reused
/// (HTTP/2 multiplexes every call to a node over its connection), each with its own connections so that forgetting a
/// member closes them. New connections leave from the address <c>source</c> picks for the destination, as routing does
/// for an overlay interface: a listener knows the caller by its source address, and nodes sharing one host (tests)
/// must each speak from their own.
/// </summary>
public sealed class FederationChannels : IDisposable
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly Func<DnsEndPoint, IPAddress?>? _source;
    private readonly ConcurrentDictionary<Uri, GrpcChannel> _channels = new();

    /// <param name="source">The source address of a connection to the given endpoint; null, or a null answer, lets the OS choose.</param>
    public FederationChannels(Func<DnsEndPoint, IPAddress?>? source = null) => _source = source;

    /// <summary>The channel to the listener at <paramref name="address"/>.</summary>
    public GrpcChannel For(Uri address) => _channels.GetOrAdd(address, static (uri, source) => GrpcChannel.ForAddress(uri, new GrpcChannelOptions
    {
        HttpHandler = Handler(source),
        DisposeHttpClient = true, // the channel's own connections go with it
        MaxReceiveMessageSize = MaxMessageBytes,
        MaxSendMessageSize = MaxMessageBytes,
    }), _source);

    /// <summary>
    /// No member listens at <paramref name="address"/> any more (it left, or was removed): its connections close. One
    /// that joins again at the same address gets new ones at once, not calls sent down a connection its earlier
    /// incarnation held, which it answers with a reset.
    /// </summary>
    public void Forget(Uri address)
    {
        if (_channels.TryRemove(address, out var channel))
        {
            channel.Dispose();
        }
    }

    private static SocketsHttpHandler Handler(Func<DnsEndPoint, IPAddress?>? source) =>
        new()
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            // A connection whose path died (a member's link down for a while) would otherwise hold every call behind
            // TCP's growing retransmission backoff after the path is back; a missed PING replaces it with a new one.
            // Missed means no answer within the federation call timeout: a member that is only busy (a PING answered
            // late) keeps its connection and the calls on it, which a new connection would not make any faster.
            KeepAlivePingDelay = TimeSpan.FromSeconds(2),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseProxy = false,
            ConnectCallback = source is null ? null : (context, ct) => SourceBoundConnection.ConnectAsync(source(context.DnsEndPoint), context.DnsEndPoint, ct),
        };

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        _channels.Clear();
    }
}
