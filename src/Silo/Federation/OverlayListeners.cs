using System.Net;
using Dtaas.Gateway;
using Dtaas.Grains.Interfaces.Federation;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// What listens on one overlay address: federation calls (<see cref="FederationListener"/>), the ingress of
/// this node's dtApps (<see cref="OverlayIngress"/>) and, with <c>--overlay-splice on</c>, their splice
/// (<see cref="OverlaySplice"/>). All admit only the domain's members, known by source address.
/// </summary>
public sealed class OverlayListeners : IAsyncDisposable
{
    private readonly FederationListener _federation;
    private readonly OverlayIngress _apps;
    private readonly OverlaySplice? _splice;

    private OverlayListeners(FederationListener federation, OverlayIngress apps, OverlaySplice? splice)
    {
        _federation = federation;
        _apps = apps;
        _splice = splice;
    }

    public IPEndPoint Federation => _federation.Endpoint;

    public static async Task<OverlayListeners> StartAsync(IPAddress address, Guid domainUid, IReadOnlyDictionary<IPAddress, string> members,
        Func<Guid, IFederationGrain> federationGrains, IAppDirectory apps, GatewayClients clients, GatewayMetrics metrics, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        // Side by side: a member that has just joined waits for both before it configures its peers. The ingress
        // admits by the federation listener's member list; nobody can call before both are up and the peers are in.
        FederationListener? federation = null;
        var federationStart = FederationListener.StartAsync(new IPEndPoint(address, FederationListener.Port), domainUid, members, federationGrains,
            loggerFactory, cancellationToken);
        string? CallerOf(IPAddress caller) => federation?.MemberAt(caller) is { } id && apps.Accepts(domainUid, id) ? id : null;
        var ingressStart = OverlayIngress.StartAsync(new IPEndPoint(address, OverlayIngress.Http2Port), new IPEndPoint(address, OverlayIngress.Http1Port),
            CallerOf, apps, clients, metrics, loggerFactory, cancellationToken);
        try
        {
            await Task.WhenAll(federationStart, ingressStart);
        }
        catch
        {
            await (federationStart.IsCompletedSuccessfully ? federationStart.Result.DisposeAsync() : ValueTask.CompletedTask);
            await (ingressStart.IsCompletedSuccessfully ? ingressStart.Result.DisposeAsync() : ValueTask.CompletedTask);
            throw;
        }
        federation = federationStart.Result;
        try
        {
            var splice = clients.Options.OverlaySplice ? OverlaySplice.Start(new IPEndPoint(address, OverlaySplice.Port), CallerOf, apps, clients.Options, loggerFactory) : null;
            return new OverlayListeners(federation, ingressStart.Result, splice);
        }
        catch
        {
            await federation.DisposeAsync();
            await ingressStart.Result.DisposeAsync();
            throw;
        }
    }

    /// <summary>Who may call from now on: overlay address to node id.</summary>
    public void SetMembers(IReadOnlyDictionary<IPAddress, string> members) => _federation.SetMembers(members);

    public async ValueTask DisposeAsync()
    {
        await (_splice?.DisposeAsync() ?? ValueTask.CompletedTask);
        await _apps.DisposeAsync();
        await _federation.DisposeAsync();
    }
}
