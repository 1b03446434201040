using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// Every Ready user of one node, as a whole: a member makes its replicas of that node's users exactly this set, so a
/// set may be sent again or late (the newest one sent wins) and nothing needs undoing.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.UserSet")]
public sealed record UserSet([property: Id(0)] IReadOnlyList<SharedUser> Users)
{
    /// <summary>Equal content (records compare lists by reference).</summary>
    public bool SameAs(UserSet? other) => other is not null && Users.SequenceEqual(other.Users);
}
