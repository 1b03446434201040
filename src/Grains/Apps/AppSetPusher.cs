using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Runtime;
using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Apps;

/// <summary>
/// Delivers each member the newest <see cref="AppSet"/> meant for it: one call in flight per member and domain (so
/// sets arrive in the order they were made), off the catalog's turn (a member that is down must not hold up the
/// others), and again on <see cref="PushPending"/> until the member has taken the newest one.
/// </summary>
public sealed class AppSetPusher(IGrainFactory grains, TimeSpan callTimeout, ILogger logger)
{
    private readonly ConcurrentDictionary<(Guid Domain, string Node), AppSet> _wanted = new();
    private readonly ConcurrentDictionary<(Guid Domain, string Node), AppSet> _delivered = new();
    private readonly ConcurrentDictionary<(Guid Domain, string Node), bool> _pushing = new();
    private readonly ConcurrentDictionary<(Guid Domain, string Node), AppSet> _reported = new(); // the set whose failure was logged

    public bool HasPending => _wanted.Any(w => !w.Value.SameAs(_delivered.GetValueOrDefault(w.Key)));

    /// <summary>Makes these the sets to deliver: one per (domain, member); members not named are no longer sent anything.</summary>
    public void Want(IReadOnlyDictionary<(Guid Domain, string Node), AppSet> sets)
    {
        foreach (var gone in _wanted.Keys.Where(k => !sets.ContainsKey(k)))
        {
            _wanted.TryRemove(gone, out _);
            _delivered.TryRemove(gone, out _); // a member that comes back gets everything again
        }
        foreach (var (target, set) in sets)
        {
            _wanted[target] = set;
        }
        PushPending();
    }

    public void PushPending()
    {
        foreach (var target in _wanted.Keys)
        {
            if (!Due(target) || !_pushing.TryAdd(target, true))
            {
                continue;
            }
            // Task.Run leaves the grain's turn scheduler: the loop touches only the thread-safe maps.
            _ = Task.Run(async () =>
            {
                bool failed = false;
                try
                {
                    while (Due(target) && _wanted.TryGetValue(target, out var set))
                    {
                        if (!await PushAsync(target, set))
                        {
                            failed = true; // the retry timer tries again
                            break;
                        }
                    }
                }
                finally
                {
                    _pushing.TryRemove(target, out _);
                }
                // A set wanted after the loop's last look but before the flag went found the push running and left it
                // to this one: look once more, or it waits for the retry timer.
                if (!failed && Due(target))
                {
                    PushPending();
                }
            });
        }
    }

    private bool Due((Guid Domain, string Node) target) =>
        _wanted.TryGetValue(target, out var set) && !set.SameAs(_delivered.GetValueOrDefault(target));

    private async Task<bool> PushAsync((Guid Domain, string Node) target, AppSet set)
    {
        using var timeout = new CancellationTokenSource(callTimeout);
        try
        {
            await grains.GetGrain<IFederationGrain>(target.Node, target.Domain.ToString()).SyncApps(set, timeout.Token);
            _delivered[target] = set;
            _reported.TryRemove(target, out _);
            return true;
        }
        catch (Exception e)
        {
            // Retried every few seconds while the member is away: one line per member and set, not per attempt.
            if (!set.SameAs(_reported.GetValueOrDefault(target)))
            {
                _reported[target] = set;
                logger.LogInformation("Apps of domain {Domain}: member {Node} did not take the set of {Count} app(s) yet (retrying): {Reason}",
                    target.Domain, target.Node, set.Apps.Count, e.Message);
            }
            return false;
        }
    }
}
