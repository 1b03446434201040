using System.Net;
using Dtaas.Runtime;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The grain-call endpoint of one domain, bound to this node's overlay address only (so it is reachable through the
/// WireGuard interface and nowhere else). A call is admitted when its source address belongs to a member, which
/// WireGuard guarantees (a peer's packets only arrive from the addresses it is allowed); the member becomes the
/// call's <see cref="GrainCallContext.CallerNodeId"/>. Anything else gets 403, also for <c>GET /grains</c>.
/// </summary>
public sealed class FederationListener : IAsyncDisposable
{
    /// <summary>The TCP port of federation calls on every overlay address.</summary>
    public const int Port = 7480;

    private KestrelListener? _listener;
    private volatile IReadOnlyDictionary<IPAddress, string> _members;

    private FederationListener(IPEndPoint endpoint, IReadOnlyDictionary<IPAddress, string> members)
    {
        Endpoint = endpoint;
        _members = members;
    }

    public IPEndPoint Endpoint { get; }

    public static async Task<FederationListener> StartAsync(IPEndPoint endpoint, IReadOnlyDictionary<IPAddress, string> members,
        GrainCallEndpoint grainCalls, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var self = new FederationListener(endpoint, members);
        self._listener = await KestrelListener.StartAsync(endpoint, HttpProtocols.Http2, loggerFactory,
            services => services.AddSingleton(grainCalls),
            app => app.MapGrainCalls(allowRelay: false, authenticate: self.Authenticate), cancellationToken);
        return self;
    }

    private GrainCaller? Authenticate(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && MemberAt(remote) is { } node ? new GrainCaller(node) : null;

    /// <summary>The member whose overlay address <paramref name="address"/> is, or null.</summary>
    public string? MemberAt(IPAddress address) =>
        _members.TryGetValue(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, out var node) ? node : null;

    /// <summary>Who may call from now on: overlay address to node id.</summary>
    public void SetMembers(IReadOnlyDictionary<IPAddress, string> members) => _members = members;

    public ValueTask DisposeAsync() => _listener?.DisposeAsync() ?? ValueTask.CompletedTask;
}
