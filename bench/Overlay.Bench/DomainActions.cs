using System.Diagnostics;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Overlay.Bench;

/// <summary>The dtDomain operations the scenarios are made of, as a user would do them, each observed through the watches.</summary>
public static class DomainActions
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Creates a creator's domain and waits until its watch sees it Ready; returns (sent, Ready seen) timestamps and the invite token.</summary>
    public static async Task<(long Sent, long Ready, string Token)> CreateAsync(BenchNode node, string name)
    {
        var ready = node.Domains.WhenAsync(BenchNode.DomainIn(name, DtDomainStatus.Ready), Limit, $"{name} Ready on {node.Silo.NodeName}");
        long sent = Stopwatch.GetTimestamp();
        await node.Api.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = name, Namespace = node.Namespace } });
        long readySeen = await ready;
        var created = await node.Api.GetAsync<DtDomain>(name, node.Namespace);
        return (sent, readySeen, created.InviteToken ?? throw new InvalidOperationException($"{name} is Ready without an invite token"));
    }

    /// <summary>Sends the joiner's dtDomain naming the creator's gateway and token; returns the timestamp just before it was sent.</summary>
    public static async Task<long> SendJoinAsync(BenchNode joiner, string name, BenchNode creator, string token)
    {
        var domain = new DtDomain
        {
            Metadata = new ObjectMeta { Name = name, Namespace = joiner.Namespace },
            Spec = new DtDomainSpec
            {
                Peer = new DtDomainPeer { Address = $"{creator.Silo.Node.Address}:{NetnsSilo.GatewayPort}", InviteToken = token },
            },
        };
        long sent = Stopwatch.GetTimestamp();
        await joiner.Api.CreateAsync(domain);
        return sent;
    }

    /// <summary>Joins and waits until every pair of <paramref name="joiner"/> and <paramref name="members"/> is connected both ways.</summary>
    public static async Task JoinAsync(BenchNode joiner, string name, BenchNode creator, string token, params BenchNode[] members)
    {
        var connected = members.SelectMany(member => new[]
        {
            joiner.Peers.WhenAsync(BenchNode.Connected(member.NodeId), Limit, $"{joiner.Silo.NodeName} connected to {member.Silo.NodeName}"),
            member.Peers.WhenAsync(BenchNode.Connected(joiner.NodeId), Limit, $"{member.Silo.NodeName} connected to {joiner.Silo.NodeName}"),
        }).ToList();
        await SendJoinAsync(joiner, name, creator, token);
        await Task.WhenAll(connected);
    }

    /// <summary>
    /// Deletes the joiner's dtDomain and waits until it is gone and no member keeps a dtPeer for it, nor it for them;
    /// returns when each was seen.
    /// </summary>
    public static async Task<Departure> LeaveAsync(BenchNode joiner, string name, params BenchNode[] members)
    {
        var membersForgot = members.Select(member =>
            member.Peers.WhenAsync(BenchNode.NoPeer(joiner.NodeId), Limit, $"{member.Silo.NodeName}'s dtPeer for {joiner.Silo.NodeName} deleted")).ToList();
        var joinerForgot = members.Select(member =>
            joiner.Peers.WhenAsync(BenchNode.NoPeer(member.NodeId), Limit, $"{joiner.Silo.NodeName}'s dtPeer for {member.Silo.NodeName} deleted")).ToList();
        var domainGone = joiner.Domains.WhenAsync(BenchNode.NoDomain(name), Limit, $"{name} deleted on {joiner.Silo.NodeName}");
        long sent = Stopwatch.GetTimestamp();
        await joiner.Api.DeleteAsync<DtDomain>(name, joiner.Namespace);
        return new Departure(sent, await domainGone, (await Task.WhenAll(membersForgot)).Max(), (await Task.WhenAll(joinerForgot)).Max());
    }

    /// <summary>Stopwatch timestamps of a leave: the delete sent, the joiner's dtDomain gone, the last dtPeer for the joiner gone on the members, the joiner's last dtPeer gone.</summary>
    public sealed record Departure(long Sent, long DomainGone, long MembersForgot, long JoinerForgot);
}
