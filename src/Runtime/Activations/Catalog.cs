using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dtaas.Runtime.Activations;

/// <summary>
/// The silo's directory of live activations: creates them on first call, collects idle ones, and deactivates all of
/// them when the silo stops.
/// </summary>
internal sealed class Catalog : IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly GrainClassRegistry _classes;
    private readonly IServiceProvider _services;
    private readonly GrainRuntimeOptions _options;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ITimer _collector;
    private int _disposed;

    public Catalog(GrainClassRegistry classes, IServiceProvider services, GrainRuntimeOptions options, TimeProvider time, ILogger<Catalog> logger)
    {
        _classes = classes;
        _services = services;
        _options = options;
        Time = time;
        Logger = logger;
        var quantum = options.CollectionQuantum;
        _collector = time.CreateTimer(static s => ((Catalog)s!).CollectIdle(), this, quantum, quantum);
    }

    public TimeProvider Time { get; }
    public ILogger Logger { get; }
    public TimeSpan CallTimeout => _options.CallTimeout;
    public CancellationToken ShutdownToken => _shutdown.Token;
    public int Count => _activations.Count;

    public Activation GetOrCreate(GrainId id)
    {
        if (_activations.TryGetValue(id, out var existing))
        {
            return existing;
        }
        var grainClass = _classes.Get(id.Interface);
        return _activations.GetOrAdd(id, static (id, state) => new Activation(state.Catalog, id, state.Class), (Catalog: this, Class: grainClass));
    }

    public void Remove(Activation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.Id, activation));

    public Grain CreateGrain(Activation activation, out IReadOnlyList<IPersistentStateLoader> states)
    {
        var grain = activation.Class.Create(_services, activation.Id, out states);
        grain.Bind(activation, _services);
        return grain;
    }

    private void CollectIdle()
    {
        int collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.TryCollect(_options.CollectionAge))
            {
                collected++;
            }
        }
        if (collected > 0)
        {
            Logger.LogDebug("Collecting {Count} idle activations", collected);
        }
    }

    /// <summary>Deactivates every activation (the host's stop and the container's disposal both get here; the first wins).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _collector.DisposeAsync();
        var all = _activations.Values.ToArray();
        foreach (var activation in all)
        {
            activation.RequestDeactivation(DeactivationReason.ShuttingDown);
        }
        var gone = Task.WhenAll(all.Select(a => a.Gone));
        if (await Task.WhenAny(gone, Task.Delay(_options.CallTimeout, Time)) != gone)
        {
            Logger.LogWarning("{Count} activations did not finish deactivating within {Timeout}", all.Count(a => !a.Gone.IsCompleted), _options.CallTimeout);
        }
        _shutdown.Cancel();
        _shutdown.Dispose();
    }
}
