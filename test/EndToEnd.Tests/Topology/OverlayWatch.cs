using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>Which of two replicas' hosts hold an overlay interface.</summary>
public enum OverlayHolders
{
    None,
    First,
    Second,
    Both,
}

/// <summary>
/// Looks every 100 ms at the links of two replicas' namespaces and records which hold an overlay interface (any link
/// but <c>lo</c> and the node's <c>eth0</c>: the replicas make nothing else), so a test can say the two never held one
/// at the same time.
/// </summary>
public sealed class OverlayWatch : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly IpCommand _ip;
    private readonly string _first;
    private readonly string _second;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(DateTimeOffset At, OverlayHolders Holders)> _samples = [];
    private readonly Task _watching;

    private OverlayWatch(IpCommand ip, string first, string second)
    {
        (_ip, _first, _second) = (ip, first, second);
        _watching = Task.Run(WatchAsync);
    }

    public static OverlayWatch Start(IpCommand ip, string firstNetns, string secondNetns) => new(ip, firstNetns, secondNetns);

    /// <summary>The latest sample.</summary>
    public OverlayHolders Holders
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count == 0 ? OverlayHolders.None : _samples[^1].Holders;
            }
        }
    }

    public int Samples
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public bool BothSeen
    {
        get
        {
            lock (_samples)
            {
                return _samples.Any(s => s.Holders == OverlayHolders.Both);
            }
        }
    }

    /// <summary>Seconds from <paramref name="since"/> until the first replica was first seen without its overlay; null if never.</summary>
    public double? SecondsUntilFirstGone(DateTimeOffset since)
    {
        lock (_samples)
        {
            return _samples.FirstOrDefault(s => s.At >= since && s.Holders is OverlayHolders.None or OverlayHolders.Second) is { At: var at } && at != default
                ? (at - since).TotalSeconds
                : null;
        }
    }

    /// <summary>Each change of holders with its time, for a failure message.</summary>
    public string Describe()
    {
        lock (_samples)
        {
            return string.Join(", ", _samples.Where((s, i) => i == 0 || _samples[i - 1].Holders != s.Holders).Select(s => $"{s.At:HH:mm:ss.fff} {s.Holders}"));
        }
    }

    /// <summary>The overlay interfaces in <paramref name="netns"/>: every link but lo and eth0.</summary>
    public static async Task<IReadOnlyList<string>> OverlayInterfacesAsync(IpCommand ip, string netns)
    {
        var links = await ip.RunAsync(netns, ["-o", "link", "show"], CancellationToken.None);
        return [.. links.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 3) is { Length: >= 2 } parts ? parts[1].Split('@')[0] : "")
            .Where(name => name.Length > 0 && name != "lo" && name != NodeNetwork.NodeInterface)];
    }

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = DateTimeOffset.UtcNow;
            var first = OverlayInterfacesAsync(_ip, _first);
            var second = OverlayInterfacesAsync(_ip, _second);
            var holders = ((await first).Count > 0, (await second).Count > 0) switch
            {
                (true, true) => OverlayHolders.Both,
                (true, false) => OverlayHolders.First,
                (false, true) => OverlayHolders.Second,
                _ => OverlayHolders.None,
            };
            lock (_samples)
            {
                _samples.Add((at, holders));
            }
            await Task.Delay(Period, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
