using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Controllers;

/// <summary>
/// Reconciles every object of one kind (controller-runtime's controller): an <see cref="Informer{T}"/> reports changed
/// keys into a <see cref="WorkQueue"/>, whose workers call the reconcile function with the key. A burst of changes to
/// one object becomes one reconcile that reads the newest version from <see cref="Cache"/>; different objects reconcile
/// concurrently; a reconcile that throws is retried with per-key backoff. A key missing from the cache was deleted.
/// </summary>
public sealed partial class Controller<T>
    where T : class, IKubernetesResource<T>
{
    private readonly Informer<T> _informer;
    private readonly WorkQueue _queue;
    private readonly Func<string, CancellationToken, Task<ReconcileResult>> _reconcile;
    private readonly ILogger _logger;
    private int _running;

    public Controller(
        IKubernetesClient client,
        Func<string, CancellationToken, Task<ReconcileResult>> reconcile,
        ControllerOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        ObjectCache<T>? cache = null)
    {
        options ??= new ControllerOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        _reconcile = reconcile;
        _logger = loggerFactory.CreateLogger<Controller<T>>();
        _queue = new WorkQueue(T.ResourceKind.Kind, options.WorkQueue, _logger, timeProvider);
        _informer = new Informer<T>(client, options.Informer, _queue.Add, loggerFactory.CreateLogger<Informer<T>>(), timeProvider, cache);
    }

    /// <summary>The newest known version of every watched object; reconciles read it instead of the API.</summary>
    public ObjectCache<T> Cache => _informer.Cache;

    /// <summary>Queues every known object once, as if each had changed (bursts coalesce as for any change).</summary>
    public void ReconcileAll()
    {
        foreach (var key in Cache.Keys)
        {
            _queue.Add(key);
        }
    }

    /// <summary>Completes once the first list has reached the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Cache.WaitForSyncAsync(cancellationToken);

    /// <summary>
    /// Watches and reconciles until cancelled (reconciles start once the cache is synced); a run ends normally on
    /// cancellation, after the reconciles in progress have returned. A controller runs once.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"The {T.ResourceKind.Kind} controller is already running or has run.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informing = _informer.RunAsync(stop.Token);
        var working = ReconcileWhenSyncedAsync(stop.Token);
        // Either half ending on its own is a fault; the other half must not go on alone.
        await Task.WhenAny(informing, working).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(informing, working).ConfigureAwait(false);
    }

    private async Task ReconcileWhenSyncedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Cache.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        // Every object once at start, even one the cache already held (filled by another informer before this
        // controller ran, as on a replica that takes over the Lease): a controller starts from the whole state.
        ReconcileAll();
        LogStarted(T.ResourceKind.Kind, Cache.Keys.Count);
        await _queue.RunAsync(ReconcileAsync, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var result = await _reconcile(key, cancellationToken).ConfigureAwait(false);
        if (result.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} controller synced with {Count} objects; reconciling")]
    private partial void LogStarted(string kind, int count);
}
