using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Objects;

/// <summary>
/// This node and every node it shares a domain with (by name and id): the only nodes whose users can hold anything on
/// its objects or be in its trusts.
/// </summary>
public sealed record KnownNodes(IReadOnlyList<string> Names, IReadOnlyList<string> Ids)
{
    public static KnownNodes Of(IEnumerable<DtDomain> domains, IEnumerable<DtPeer> peers, string selfId, string selfName)
    {
        var members = SharingDomain.Of(domains, peers, selfId).SelectMany(d => d.MemberList.Members).Where(m => m.NodeId != selfId).ToList();
        return new([selfName, .. members.Select(m => m.Name).Distinct()], [selfId, .. members.Select(m => m.NodeId).Distinct()]);
    }

    /// <summary>Whether a grant to <paramref name="principal"/> is to a node here: by its node id when the grant has one, else by name.</summary>
    public bool Knows(string principal, string? nodeId) => nodeId is null ? Names.Contains(NodeOf(principal)) : Ids.Contains(nodeId);

    /// <summary>The node part of a principal's text (<c>username@node</c>), or the whole text when it has none.</summary>
    public static string NodeOf(string principal) => principal[(principal.IndexOf('@') + 1)..];
}
