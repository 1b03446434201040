using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>The objects a test says the node has.</summary>
public sealed class ListedObjects : ILocalObjects
{
    public List<DtDomain> DomainList { get; } = [];

    public IReadOnlyList<DtDomain> Domains() => DomainList;

    public List<DtApp> AppList { get; } = [];

    public IReadOnlyList<DtPeer> Peers() => [];

    public IReadOnlyList<DtApp> Apps() => AppList;

    public List<DtService> ServiceList { get; } = [];

    public IReadOnlyList<DtService> Services() => ServiceList;

    public List<DtUser> UserList { get; } = [];

    public IReadOnlyList<DtUser> Users() => UserList;

    public List<DtServable> ServableList { get; } = [];

    public IReadOnlyList<DtServable> Servables() => ServableList;

    public List<DtTrust> TrustList { get; } = [];

    public IReadOnlyList<DtTrust> Trusts() => TrustList;

    public Task SyncedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
