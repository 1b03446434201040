using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Dtaas.Grains.Users;

/// <summary>
/// Decides whether a login may be checked (see <see cref="LoginThrottleSettings"/>). Only failures count against a source,
/// and only against that source: a user's right password from another address logs in at once. A right password clears
/// its (user, source) entry, not the source's: an attacker with an account of their own cannot reset their count with it.
/// Kept in memory only; a block outlives idleness (deactivation is delayed while one lasts).
/// </summary>
public sealed class LoginThrottleGrain(
    LoginThrottleSettings settings,
    [FromKeyedServices(GrainClock.Key)] TimeProvider clock,
    ILogger<LoginThrottleGrain> logger) : Grain, ILoginThrottleGrain
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Task<TimeSpan?> Attempt(string username, string source)
    {
        var now = clock.GetUtcNow();
        var pair = Find(PairKey(username, source), now);
        var whole = Find(source, now);
        var wait = Longest(Wait(pair, settings.UserSourceFailures, now, $"{username} from {source}"),
            Wait(whole, settings.SourceFailures, now, $"any user from {source}"));
        if (wait is null)
        {
            pair.Failures.Add(now);
            whole.Failures.Add(now);
        }
        return Task.FromResult(wait);
    }

    public Task Succeeded(string username, string source)
    {
        _entries.Remove(PairKey(username, source));
        if (_entries.TryGetValue(source, out var whole) && whole.Failures.Count > 0)
        {
            whole.Failures.RemoveAt(whole.Failures.Count - 1); // the attempt counted in advance
        }
        return Task.CompletedTask;
    }

    private static string PairKey(string username, string source) => $"{username}\n{source}";

    private static TimeSpan? Longest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>How long <paramref name="entry"/> must still wait, starting a block when its failures reached <paramref name="limit"/>.</summary>
    private TimeSpan? Wait(Entry entry, int limit, DateTimeOffset now, string who)
    {
        entry.Failures.RemoveAll(at => at <= now - settings.Window);
        if (entry.BlockedUntil > now)
        {
            return entry.BlockedUntil - now;
        }
        if (entry.Failures.Count < limit)
        {
            return null;
        }
        var block = TimeSpan.FromTicks(Math.Min(settings.FirstBlock.Ticks * (1L << Math.Min(entry.Blocks, 30)), settings.MaxBlock.Ticks));
        entry.Blocks++;
        entry.BlockedUntil = now + block;
        entry.LastSeen = now;
        entry.Failures.Clear();
        DelayDeactivation(block);
        logger.LogWarning("Logins to namespace {Namespace} of {Who} blocked for {Seconds} s: {Failures} failures within {Window} s (block {Count})",
            this.GetPrimaryKeyString(), who, (int)block.TotalSeconds, limit, (int)settings.Window.TotalSeconds, entry.Blocks);
        return block;
    }

    private Entry Find(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (_entries.Count >= settings.MaxEntries)
            {
                MakeRoom(now);
            }
            entry = new Entry();
            _entries[key] = entry;
        }
        entry.LastSeen = now;
        return entry;
    }

    /// <summary>Forgets what is over (no block, nothing for <see cref="LoginThrottleSettings.MaxBlock"/>); when nothing is, the least recently seen.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (key, _) in _entries.Where(e => e.Value.BlockedUntil <= now && e.Value.LastSeen <= now - settings.MaxBlock).ToList())
        {
            _entries.Remove(key);
        }
        if (_entries.Count >= settings.MaxEntries)
        {
            _entries.Remove(_entries.MinBy(e => e.Value.LastSeen).Key);
        }
    }

    private sealed class Entry
    {
        public List<DateTimeOffset> Failures { get; } = [];

        public DateTimeOffset BlockedUntil { get; set; }

        public DateTimeOffset LastSeen { get; set; }

        public int Blocks { get; set; }
    }
}
