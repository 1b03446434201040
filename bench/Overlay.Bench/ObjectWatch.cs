using System.Diagnostics;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// One long watch on a kind in one node's API, keeping the objects as last seen. <see cref="WhenAsync"/> completes with
/// the Stopwatch timestamp of the event that first made a condition true, so a latency ends when the change reached
/// an independent observer, not when a poll happened to look.
/// </summary>
public sealed class ObjectWatch<T> : IAsyncDisposable where T : class, IKubernetesResource<T>
{
    private readonly Dictionary<string, T> _objects = [];
    private readonly List<(Func<IReadOnlyCollection<T>, bool> Condition, TaskCompletionSource<long> Reached)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private ObjectWatch()
    {
    }

    public static async Task<ObjectWatch<T>> StartAsync(IKubernetesClient client, string @namespace)
    {
        var watch = new ObjectWatch<T>();
        // Listing first gives the current objects and the version to watch from: no later change can be missed.
        var list = await client.ListAsync<T>(@namespace);
        foreach (var item in list.Items)
        {
            watch._objects[item.Metadata.Name!] = item;
        }
        watch._loop = watch.RunAsync(client, @namespace, list.Metadata.ResourceVersion);
        return watch;
    }

    /// <summary>Completes when <paramref name="condition"/> holds for the objects (at once if it holds already).</summary>
    public async Task<long> WhenAsync(Func<IReadOnlyCollection<T>, bool> condition, TimeSpan timeout, string what)
    {
        var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_objects)
        {
            if (condition(_objects.Values))
            {
                return Stopwatch.GetTimestamp();
            }
            _waiters.Add((condition, reached));
        }
        try
        {
            return await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_objects)
            {
                _waiters.RemoveAll(waiter => waiter.Reached == reached);
            }
            throw new TimeoutException($"{what}: not reached in {timeout.TotalSeconds:N0} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(IKubernetesClient client, string @namespace, string? resourceVersion)
    {
        // The stream ends when the server closes it: watch again from the last version seen.
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in client.WatchAsync<T>(@namespace, new ListOptions { ResourceVersion = resourceVersion }, _stop.Token))
                {
                    long now = Stopwatch.GetTimestamp();
                    resourceVersion = e.Object.Metadata.ResourceVersion ?? resourceVersion;
                    if (e.Type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted))
                    {
                        continue;
                    }
                    Apply(e, now);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Apply(WatchEvent<T> e, long now)
    {
        lock (_objects)
        {
            if (e.Type == WatchEventType.Deleted)
            {
                _objects.Remove(e.Object.Metadata.Name!);
            }
            else
            {
                _objects[e.Object.Metadata.Name!] = e.Object;
            }
            foreach (var waiter in _waiters.Where(waiter => waiter.Condition(_objects.Values)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult(now);
            }
        }
    }
}
