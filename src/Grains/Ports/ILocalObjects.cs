using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Ports;

/// <summary>The dt objects of the silo's namespace as last seen (the informer caches); read-only.</summary>
public interface ILocalObjects
{
    IReadOnlyList<DtDomain> Domains();

    IReadOnlyList<DtPeer> Peers();

    IReadOnlyList<DtApp> Apps();

    IReadOnlyList<DtService> Services();

    IReadOnlyList<DtUser> Users();

    IReadOnlyList<DtServable> Servables();

    IReadOnlyList<DtTrust> Trusts();

    /// <summary>
    /// The object whose grain key (<c>namespace/name</c>) is <paramref name="key"/>, as kubectl shows it now (status
    /// included), or null: what a grain's <c>Get()</c> answers. The silo's caches look it up by key; this default scans
    /// the kind's list.
    /// </summary>
    T? Find<T>(string key) where T : class, IKubernetesResource<T>
    {
        IReadOnlyList<IKubernetesObject> all = typeof(T) == typeof(DtDomain) ? Domains() : typeof(T) == typeof(DtPeer) ? Peers()
            : typeof(T) == typeof(DtApp) ? Apps() : typeof(T) == typeof(DtService) ? Services() : typeof(T) == typeof(DtUser) ? Users()
            : typeof(T) == typeof(DtServable) ? Servables() : typeof(T) == typeof(DtTrust) ? Trusts()
            : throw new NotSupportedException($"the node keeps no {T.ResourceKind.Kind} objects");
        return all.OfType<T>().FirstOrDefault(item => ObjectKey.Of(item).ToString() == key);
    }

    /// <summary>Completes once every kind has been listed: before that, a missing object may just not be seen yet.</summary>
    Task SyncedAsync(CancellationToken cancellationToken);
}
