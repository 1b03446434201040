using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Federation;

/// <summary>
/// Asks every other member of the domains a node shares, each once (through the first domain shared with it) and each
/// within a time limit: a member that is slow, unreachable or refuses costs the answer its part, never the time.
/// </summary>
public static class MemberFanOut
{
    /// <summary>The other members of <paramref name="domains"/> (this node's dtDomains), each once, with the domain to reach it through.</summary>
    public static IReadOnlyList<(DomainMember Member, Guid Domain)> Others(IEnumerable<DtDomain> domains, string selfNodeId) =>
        [.. SharingDomain.Of(domains, selfNodeId)
            .SelectMany(d => d.Membership.Members.Where(m => m.NodeId != selfNodeId).Select(m => (Member: m, Domain: d.Uid)))
            .DistinctBy(m => m.Member.NodeId)];

    /// <summary>
    /// Each member's answer to <paramref name="ask"/>, or null for a member that did not answer within
    /// <paramref name="limit"/> or refused (<paramref name="failed"/> hears why).
    /// </summary>
    public static Task<T?[]> AskAsync<T>(IReadOnlyList<(DomainMember Member, Guid Domain)> members, TimeSpan limit,
        Func<DomainMember, Guid, CancellationToken, Task<T>> ask, Action<DomainMember, Exception> failed, CancellationToken cancellationToken)
        where T : class =>
        Task.WhenAll(members.Select(async m =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limit);
            try
            {
                return await ask(m.Member, m.Domain, timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or FederationCallException or UnauthorizedAccessException
                or ArgumentException or KeyNotFoundException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                failed(m.Member, e);
                return null;
            }
        }));
}
