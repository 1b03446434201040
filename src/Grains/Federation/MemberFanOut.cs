using Dtaas.Grains.Domains;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Federation;

/// <summary>
/// Asks other members of the domains a node shares, all at once and each within a time limit: a member that is slow,
/// unreachable or refuses costs the answer its part, never the time.
/// </summary>
public static class MemberFanOut
{
    /// <summary>
    /// Each member's answer to <paramref name="ask"/>, in the order of <paramref name="members"/>, or null for a member
    /// that did not answer within <paramref name="limit"/> or refused (<paramref name="failed"/> hears why).
    /// </summary>
    public static Task<T?[]> AskAsync<T>(IReadOnlyList<DomainPeer> members, TimeSpan limit, Func<DomainPeer, CancellationToken, Task<T>> ask,
        Action<DomainPeer, Exception> failed, CancellationToken cancellationToken)
        where T : class =>
        Task.WhenAll(members.Select(async member =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limit);
            try
            {
                return await ask(member, timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or FederationCallException or UnauthorizedAccessException
                or ArgumentException or KeyNotFoundException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                failed(member, e);
                return null;
            }
        }));

    /// <summary>The names of the members that gave no answer, in order.</summary>
    public static IReadOnlyList<string> Unanswered<T>(IReadOnlyList<DomainPeer> members, T?[] answers) where T : class =>
        [.. members.Zip(answers).Where(p => p.Second is null).Select(p => p.First.Name).Order(StringComparer.Ordinal)];
}
