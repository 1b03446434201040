using Dtaas.Grains.Interfaces.Node;
using Orleans;

namespace Dtaas.Client;

/// <summary>
/// Keeps an <see cref="IObjectObserver"/> subscribed to a node's object changes, as Orleans' observers are kept:
/// <see cref="StartAsync"/> subscribes, a timer subscribes again every <see cref="RenewEvery"/> (well within the node's
/// <see cref="INodeGrain.SubscriptionLifetimeSeconds"/>, and in time to come back after the node grain moved), and
/// disposal unsubscribes. The observer hears the changes in the node's order (through an <see cref="InOrderObserver"/>),
/// and is held here: Orleans keeps only a weak reference to an observer.
/// </summary>
public sealed class ObjectSubscription : IAsyncDisposable
{
    /// <summary>How often the subscription is renewed.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(1);

    private readonly IGrainFactory _grains;
    private readonly InOrderObserver _observer;
    private readonly IObjectObserver _reference;
    private readonly CancellationTokenSource _stop = new();
    private Task _renewing = Task.CompletedTask;

    private ObjectSubscription(IGrainFactory grains, IObjectObserver observer)
    {
        _grains = grains;
        _observer = new InOrderObserver(observer);
        _reference = grains.CreateObjectReference<IObjectObserver>(_observer);
    }

    private INodeGrain Node => _grains.GetGrain<INodeGrain>(INodeGrain.Self);

    /// <summary>The last renewal's failure (the node unreachable for a while), null once one succeeds again.</summary>
    public Exception? LastRenewalFailure { get; private set; }

    /// <summary>Subscribes <paramref name="observer"/>; changes reach it from when this completes.</summary>
    public static async Task<ObjectSubscription> StartAsync(IGrainFactory grains, IObjectObserver observer)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new ObjectSubscription(grains, observer);
        try
        {
            await subscription.Node.Subscribe(subscription._reference);
        }
        catch
        {
            grains.DeleteObjectReference<IObjectObserver>(subscription._reference);
            subscription._observer.Dispose();
            throw;
        }
        subscription._renewing = subscription.RenewAsync(subscription._stop.Token);
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync();
        await _renewing;
        try
        {
            await Node.Unsubscribe(_reference);
        }
        finally
        {
            _grains.DeleteObjectReference<IObjectObserver>(_reference);
            _stop.Dispose();
            _observer.Dispose();
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await Node.Subscribe(_reference).WaitAsync(cancellationToken);
                    LastRenewalFailure = null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick tries again; the subscription outlives a few missed renewals.
                    LastRenewalFailure = e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
