using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Federation;

/// <summary>
/// Delivers each target the newest value meant for it (an app set to a member, a network's state to a node): one
/// call in flight per target (so values arrive in the order they were made), off the grain's turn (a member that is
/// down must not hold up the others), and again on <see cref="PushPending"/> until the target has taken the newest.
/// </summary>
public sealed class LatestValuePusher<TKey, TValue>(
    Func<TKey, TValue, CancellationToken, Task> push,
    Func<TValue, TValue?, bool> same,
    Func<TKey, TValue, string> describe,
    TimeSpan callTimeout,
    ILogger logger)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, TValue> _wanted = new();
    private readonly ConcurrentDictionary<TKey, TValue> _delivered = new();
    private readonly ConcurrentDictionary<TKey, bool> _pushing = new();
    private readonly ConcurrentDictionary<TKey, TValue> _reported = new(); // the value whose failure was logged

    public bool HasPending => _wanted.Any(w => !same(w.Value, _delivered.GetValueOrDefault(w.Key)));

    /// <summary>Makes these the values to deliver; targets not named are no longer sent anything.</summary>
    public void Want(IReadOnlyDictionary<TKey, TValue> values)
    {
        foreach (var gone in _wanted.Keys.Where(k => !values.ContainsKey(k)))
        {
            _wanted.TryRemove(gone, out _);
            _delivered.TryRemove(gone, out _); // a target that comes back gets everything again
        }
        foreach (var (target, value) in values)
        {
            _wanted[target] = value;
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
                    while (Due(target) && _wanted.TryGetValue(target, out var value))
                    {
                        if (!await PushAsync(target, value))
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
                // A value wanted after the loop's last look but before the flag went found the push running and left it
                // to this one: look once more, or it waits for the retry timer.
                if (!failed && Due(target))
                {
                    PushPending();
                }
            });
        }
    }

    private bool Due(TKey target) => _wanted.TryGetValue(target, out var value) && !same(value, _delivered.GetValueOrDefault(target));

    private async Task<bool> PushAsync(TKey target, TValue value)
    {
        using var timeout = new CancellationTokenSource(callTimeout);
        try
        {
            await push(target, value, timeout.Token);
            _delivered[target] = value;
            _reported.TryRemove(target, out _);
            return true;
        }
        catch (Exception e)
        {
            // Retried every few seconds while the target is away: one line per target and value, not per attempt.
            if (!same(value, _reported.GetValueOrDefault(target)))
            {
                _reported[target] = value;
                logger.LogInformation("{What} not taken yet (retrying): {Reason}", describe(target, value), e.Message);
            }
            return false;
        }
    }
}
