using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dtaas.Gateway;

/// <summary>
/// A member's gateway's memory of which remote apps go through an origin's <see cref="OverlaySplice"/>: the origin
/// answers a probe (whether it splices the app for this member), and the answer is kept a few seconds, then asked again
/// in the background while the old one is used. With it comes the overlay address this gateway speaks from to that
/// origin, which the splice's requests carry in X-Forwarded-For (the origin no longer reads the requests to add it).
/// An origin that does not splice (off, or an older build: nothing listens) or does not answer means its HTTP ingress.
/// </summary>
public sealed class SpliceModes(GatewayOptions options)
{
    private const int MaxEntries = 4096;
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(IPEndPoint Origin, string AppId), Entry> _entries = new();

    /// <summary>The source address this gateway splices <paramref name="appId"/> from, or null: the app goes through the origin's HTTP ingress.</summary>
    public async ValueTask<IPAddress?> SpliceFromAsync(IPEndPoint splice, string appId, CancellationToken cancellationToken)
    {
        var key = (splice, appId);
        if (_entries.TryGetValue(key, out var entry))
        {
            if (Stopwatch.GetElapsedTime(entry.CheckedAt) > Fresh && Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
            {
                _ = RefreshAsync(key);
            }
            return entry.Source;
        }
        return (await RefreshAsync(key, cancellationToken)).Source;
    }

    private async Task<Entry> RefreshAsync((IPEndPoint Origin, string AppId) key, CancellationToken cancellationToken = default)
    {
        var entry = new Entry(await ProbeAsync(key.Origin, key.AppId, cancellationToken), Stopwatch.GetTimestamp());
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear(); // bounded: made-up app ids cannot grow it (only known apps are probed; this is the backstop)
        }
        _entries[key] = entry;
        return entry;
    }

    private async Task<IPAddress?> ProbeAsync(IPEndPoint splice, string appId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var target = new DnsEndPoint(splice.Address.ToString(), splice.Port);
        try
        {
            await using var stream = (NetworkStream)await SourceBoundConnection.ConnectAsync(options.LocalAddress?.Invoke(target), target, timeout.Token);
            await stream.WriteAsync(new SplicePreamble(Probe: true, appId).ToBytes(), timeout.Token);
            var answer = new byte[16];
            int read = 0;
            while (read < answer.Length && answer.AsSpan(0, read).IndexOf((byte)'\n') < 0)
            {
                var n = await stream.ReadAsync(answer.AsMemory(read), timeout.Token);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            if (Encoding.ASCII.GetString(answer, 0, read) != SplicePreamble.SpliceAnswer + "\n")
            {
                return null;
            }
            var local = ((IPEndPoint)stream.Socket.LocalEndPoint!).Address;
            return local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed class Entry(IPAddress? source, long checkedAt)
    {
        public IPAddress? Source => source;
        public long CheckedAt => checkedAt;
        public int Refreshing;
    }
}
