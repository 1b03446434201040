using Orleans;

namespace Dtaas.Grains.Interfaces.Apps;

/// <summary>
/// Every app one origin shares with one domain, as a whole: a member makes its replicas from that origin in that
/// domain exactly this set, so a set may be sent again or late (the newest one sent wins) and nothing needs undoing.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.AppSet")]
public sealed record AppSet([property: Id(0)] Guid DomainUid, [property: Id(1)] IReadOnlyList<SharedApp> Apps)
{
    public bool SameAs(AppSet? other) =>
        other is not null && DomainUid == other.DomainUid && Apps.Count == other.Apps.Count &&
        Apps.Zip(other.Apps).All(pair => pair.First.SameAs(pair.Second));
}
