using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;

namespace Dtaas.Grains.Domains;

/// <summary>
/// The creator's decisions about who is in a domain, as pure functions of the member list: admit a joiner (with its
/// overlay address), remove a member; and a member's decision whether a pushed list replaces the one it has.
/// </summary>
public static class MemberListDecisions
{
    public static MemberList Create(Guid domainUid, DomainMember creator, string overlayNetwork) =>
        new(domainUid, creator.NodeId, 1, overlayNetwork,
            [creator with { OverlayAddress = OverlayAddressPool.CreatorAddress(overlayNetwork) }]);

    /// <summary>
    /// Admits <paramref name="request"/> or says why not. A node that is already a member with the same key gets its
    /// place back unchanged (a joiner retrying after a lost reply), which does not count as a use of the token. A name
    /// (compared without case: a DNS name) is held by one member only, the creator's included.
    /// </summary>
    public static AdmitResult Admit(MemberList current, JoinRequest request, InvitePolicy policy, int usesSoFar, DateTimeOffset now)
    {
        if (Invalid(request) is { } problem)
        {
            return AdmitResult.Refuse(problem);
        }
        if (request.NodeId == current.CreatorNodeId)
        {
            return AdmitResult.Refuse("a node cannot join a domain it created");
        }
        if (current.Find(request.NodeId) is { } existing)
        {
            return existing.PublicKey == request.PublicKey
                ? new AdmitResult(current, existing, CountsAsUse: false, Reason: null)
                : AdmitResult.Refuse($"node {request.NodeId} is already a member with another key; remove its dtPeer on the creator first");
        }
        if (current.Members.Any(m => m.PublicKey == request.PublicKey))
        {
            return AdmitResult.Refuse("another member already uses this public key");
        }
        // A node is its key: a name two nodes answer to would let one speak for the other's users.
        if (current.Members.FirstOrDefault(m => string.Equals(m.Name, request.Name, StringComparison.OrdinalIgnoreCase)) is { } holder)
        {
            return AdmitResult.Refuse($"the node name {request.Name} is taken in this domain by node {holder.NodeId}; start the joining node with another --node-name");
        }
        if (policy.Refusal(usesSoFar, now) is { } refusal)
        {
            return AdmitResult.Refuse(refusal);
        }
        if (OverlayAddressPool.NextFree(current.OverlayNetwork, current.Members.Select(m => m.OverlayAddress)) is not { } address)
        {
            return AdmitResult.Refuse($"the domain's overlay network {current.OverlayNetwork} is full");
        }
        var member = new DomainMember(request.NodeId, request.Name, request.PublicKey, request.Endpoint, address);
        return new AdmitResult(current with { Version = current.Version + 1, Members = [.. current.Members, member] }, member, CountsAsUse: true, Reason: null);
    }

    /// <summary>The list without <paramref name="nodeId"/>; unchanged when it is not a member. The creator cannot be removed.</summary>
    public static MemberList Remove(MemberList current, string nodeId) =>
        nodeId == current.CreatorNodeId || current.Find(nodeId) is null
            ? current
            : current with { Version = current.Version + 1, Members = [.. current.Members.Where(m => m.NodeId != nodeId)] };

    /// <summary>Whether a member replaces what it has with <paramref name="pushed"/>: same domain, from its creator, newer.</summary>
    public static bool Supersedes(MemberList? held, MemberList pushed, string callerNodeId) =>
        pushed.CreatorNodeId == callerNodeId &&
        (held is null || (held.DomainUid == pushed.DomainUid && held.CreatorNodeId == pushed.CreatorNodeId && pushed.Version > held.Version));

    private static string? Invalid(JoinRequest request) =>
        request.NodeId is not { Length: 32 } || !request.NodeId.All(char.IsAsciiHexDigitLower) ? $"node id '{request.NodeId}' is not 32 lowercase hex digits"
        : string.IsNullOrWhiteSpace(request.Name) ? "the joining node sent no name"
        : !IsKey(request.PublicKey) ? "the joining node's public key is not a base64 32-byte key"
        : !HostAndPort.TryParse(request.Endpoint, out _) ? $"endpoint '{request.Endpoint}' is not host:port"
        : null;

    private static bool IsKey(string? text)
    {
        Span<byte> bytes = stackalloc byte[33];
        return text is { Length: 44 } && Convert.TryFromBase64String(text, bytes, out int written) && written == 32;
    }

}
