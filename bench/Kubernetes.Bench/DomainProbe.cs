using System.Collections.Concurrent;
using System.Diagnostics;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Kubernetes.Bench;

/// <summary>Stopwatch timestamps of one dtDomain's life as the writer and an independent watcher see it.</summary>
public sealed class DomainProbe
{
    public long Sent;
    public long Acknowledged;
    public long AddedSeen;
    public long ReadySeen;

    /// <summary>MODIFIED events seen: DTaaS should write each new domain once.</summary>
    public int Modifications;

    /// <summary>Completes when the watcher sees DTaaS's write (status Ready and an invite token).</summary>
    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// An independent watch on dtDomains (its own client and connection, opened before any create), stamping each
/// registered object's ADDED and its first MODIFIED that carries DTaaS's write.
/// </summary>
public sealed class DomainWatcher : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, DomainProbe> _probes = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public static async Task<DomainWatcher> StartAsync(IKubernetesClient client, string @namespace)
    {
        var watcher = new DomainWatcher();
        // Listing first gives the version to watch from, so no create made after StartAsync returns can be missed.
        var list = await client.ListAsync<DtDomain>(@namespace);
        watcher._loop = watcher.RunAsync(client, @namespace, list.Metadata?.ResourceVersion);
        return watcher;
    }

    /// <summary>Call before the create is sent, so the watcher knows the object when its ADDED arrives.</summary>
    public DomainProbe Register(string name) => _probes[name] = new DomainProbe();

    /// <summary>Stops stamping <paramref name="name"/>: its deletion's events are not DTaaS writing a new domain.</summary>
    public void Forget(string name) => _probes.TryRemove(name, out _);

    private async Task RunAsync(IKubernetesClient client, string @namespace, string? resourceVersion)
    {
        // The stream ends when the server closes it (timeout, restart): re-watch from the last version seen.
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in client.WatchAsync<DtDomain>(@namespace, new ListOptions { ResourceVersion = resourceVersion }, _stop.Token))
                {
                    long now = Stopwatch.GetTimestamp();
                    resourceVersion = e.Object.Metadata.ResourceVersion ?? resourceVersion;
                    if (e.Object.Metadata.Name is not { } name || !_probes.TryGetValue(name, out var probe))
                    {
                        continue;
                    }
                    if (e.Type == WatchEventType.Modified)
                    {
                        probe.Modifications++;
                    }
                    if (e.Type == WatchEventType.Added && probe.AddedSeen == 0)
                    {
                        probe.AddedSeen = now;
                    }
                    if (e.Type is WatchEventType.Added or WatchEventType.Modified && probe.ReadySeen == 0
                        && e.Object.Status == DtDomainStatus.Ready && e.Object.InviteToken is not null)
                    {
                        probe.ReadySeen = now;
                        probe.Ready.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
