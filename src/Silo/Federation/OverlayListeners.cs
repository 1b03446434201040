using System.Net;
using Dtaas.Gateway;
using Dtaas.Grains.Interfaces.Federation;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// What listens on one overlay address: federation calls (<see cref="FederationListener"/>) and the ingress of
/// this node's dtApps (<see cref="OverlayIngress"/>). Both admit only the domain's members, known by source address.
/// </summary>
public sealed class OverlayListeners : IAsyncDisposable
{
    private readonly FederationListener _federation;
    private readonly OverlayIngress _apps;

    private OverlayListeners(FederationListener federation, OverlayIngress apps)
    {
        _federation = federation;
        _apps = apps;
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
        var ingressStart = OverlayIngress.StartAsync(new IPEndPoint(address, OverlayIngress.Http2Port), new IPEndPoint(address, OverlayIngress.Http1Port),
            caller => federation?.MemberAt(caller) is { } id && apps.Accepts(domainUid, id) ? id : null, apps, clients, metrics, loggerFactory, cancellationToken);
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
        return new OverlayListeners(federation, ingressStart.Result);
    }

    /// <summary>Who may call from now on: overlay address to node id.</summary>
    public void SetMembers(IReadOnlyDictionary<IPAddress, string> members) => _federation.SetMembers(members);

    public async ValueTask DisposeAsync()
    {
        await _apps.DisposeAsync();
        await _federation.DisposeAsync();
    }
}
