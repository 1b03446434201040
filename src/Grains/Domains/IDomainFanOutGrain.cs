using Dtaas.Grains.Interfaces;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Domains;

/// <summary>
/// The work a dtDomain grain hands on to other grains without waiting for it (key: the dtDomain's, <c>namespace/name</c>):
/// one-way calls, so the domain's turn ends at once, and the calls it makes can call the domain back without either
/// waiting for the other. Asks that arrive while a round runs make one more round, not one each.
/// </summary>
[Alias("dtaas.DomainFanOutGrain"), NodeInternal]
public interface IDomainFanOutGrain : IGrainWithStringKey
{
    /// <summary>The node's dtServices named here look again (the domain was joined, or this node left it).</summary>
    [Alias("TellServices"), OneWay]
    Task TellServices(IReadOnlyList<string> serviceNames);

    /// <summary>The node's app and user catalogs, servable and trust directories follow the member list.</summary>
    [Alias("TellCatalogs"), OneWay]
    Task TellCatalogs();

    /// <summary>The dtDomain applies the member list it holds now (lists pushed in a burst are applied once each round).</summary>
    [Alias("ReconcileDomain"), OneWay]
    Task ReconcileDomain();
}
