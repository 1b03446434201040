using Dtaas.Runtime;

namespace Dtaas.Grains.Interfaces.Domains;

/// <summary>
/// One dtDomain object (key <c>namespace/name</c>). Its state is the object itself; the watcher bridge calls
/// <see cref="Reconcile"/> whenever the object changes, and the grain writes back what DTaaS owns on it.
/// </summary>
public interface IDtDomainGrain : IGrainWithStringKey
{
    Task Reconcile(CancellationToken cancellationToken);
}
