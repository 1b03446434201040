using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Objects;

/// <summary>
/// Which capabilities a principal holds on an object, and whether it may pass some on. Decided only at the object's
/// node, from what it holds (<see cref="ObjectAccess"/>); trust-derived rights are computed afresh every time, never
/// copied into grants, so removing a member, unlinking an object or deleting a trust revokes at the next decision.
/// </summary>
public static class CapabilityDecision
{
    /// <summary>
    /// The owner holds all seven. Anyone else holds the union of their direct grants (to the principal of node
    /// <paramref name="nodeId"/>: a grant that names another node id is another node's) and, for every trust linking the
    /// object, the trust's capabilities on it when a member or trustee, plus MANAGE when a trustee (again by node id
    /// where the trust's home kept one for the entry).
    /// </summary>
    public static Capability Held(ObjectAccess access, Principal principal, string nodeId)
    {
        if (access.Owner?.Is(principal, nodeId) == true)
        {
            return Capability.All;
        }
        var held = access.Grants.Where(g => g.IsTo(principal, nodeId)).Aggregate(Capability.None, (set, g) => set | g.Capabilities);
        foreach (var trust in access.Trusts)
        {
            if (trust.Trustees.Any(t => t.Is(principal, nodeId)))
            {
                held |= trust.Capabilities | Capability.Manage;
            }
            else if (trust.Members.Any(m => m.Is(principal, nodeId)))
            {
                held |= trust.Capabilities;
            }
        }
        return held;
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not grant <paramref name="given"/> on the object or link it into a trust with
    /// them, or null when it may: it needs MANAGE, and gives only capabilities it holds itself (so delegation never
    /// widens what anyone had).
    /// </summary>
    public static string? DelegationRefusal(ObjectAccess access, Principal actor, string actorNodeId, Capability given)
    {
        if (given == Capability.None)
        {
            return "Name at least one capability to give.";
        }
        var held = Held(access, actor, actorNodeId);
        if (!held.HasFlag(Capability.Manage))
        {
            return $"{actor} needs MANAGE on this object to give capabilities on it; it holds {Describe(held)}.";
        }
        var missing = given & ~held;
        return missing == Capability.None
            ? null
            : $"{actor} can give only capabilities it holds on this object: it does not hold {Describe(missing)}.";
    }

    private static string Describe(Capability set) => set == Capability.None ? "none" : string.Join(", ", Capabilities.Names(set));
}
