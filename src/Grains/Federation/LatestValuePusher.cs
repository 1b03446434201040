using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Federation;

/// <summary>
/// Delivers each target the newest value meant for it (an app set to a member, a network's state to a node): one
/// call in flight per target (so values arrive in the order they were made), after the grain's turn (<see cref="AfterTurn"/>:
/// a member that is down must not hold up the caller or the others), and again on <see cref="PushPending"/> until the
/// target has taken the newest. It belongs to the grain that calls it and runs on that grain's scheduler only.
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
    private readonly Dictionary<TKey, TValue> _wanted = [];
    private readonly Dictionary<TKey, TValue> _delivered = [];
    private readonly HashSet<TKey> _pushing = [];
    private readonly Dictionary<TKey, TValue> _reported = []; // the value whose failure was logged

    public bool HasPending => _wanted.Any(w => !same(w.Value, _delivered.GetValueOrDefault(w.Key)));

    /// <summary>Makes these the values to deliver; targets not named are no longer sent anything.</summary>
    public void Want(IReadOnlyDictionary<TKey, TValue> values)
    {
        foreach (var gone in _wanted.Keys.Where(k => !values.ContainsKey(k)).ToList())
        {
            _wanted.Remove(gone);
            _delivered.Remove(gone); // a target that comes back gets everything again
        }
        foreach (var (target, value) in values)
        {
            _wanted[target] = value;
        }
        PushPending();
    }

    public void PushPending()
    {
        foreach (var target in _wanted.Keys.Where(t => Due(t) && _pushing.Add(t)).ToList())
        {
            AfterTurn.Start(async () =>
            {
                try
                {
                    // A failed push stops the loop: the retry timer tries again.
                    while (Due(target) && await PushAsync(target, _wanted[target]))
                    {
                    }
                }
                finally
                {
                    _pushing.Remove(target);
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
            _reported.Remove(target);
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
