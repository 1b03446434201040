using Dtaas.Runtime.Activations;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates an instance on the first call to its key, runs one turn
/// at a time on it, and deactivates it when idle. Constructor parameters come from DI; parameters marked
/// <see cref="PersistentStateAttribute"/> get the grain's state, already read when <see cref="OnActivateAsync"/> runs.
/// </summary>
public abstract class Grain
{
    private Activation? _activation;
    private IServiceProvider? _services;

    /// <summary>This grain's key.</summary>
    public string GetPrimaryKeyString() => Activation.Id.Key;

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Activation.Id;

    protected IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    protected IServiceProvider Services => _services ?? throw NotBound();

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request completes; the next call activates it again.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.Requested);

    /// <summary>
    /// Keeps this activation from idle collection for <paramref name="duration"/> even without calls (a grain whose timer
    /// does work of its own, such as a probe, calls it from each tick; timer ticks alone do not count as use).
    /// </summary>
    protected void DelayDeactivation(TimeSpan duration) => Activation.DelayDeactivation(duration);

    /// <summary>
    /// Registers a timer whose ticks are turns of this activation: the first after <paramref name="dueTime"/>, then
    /// every <paramref name="period"/> after the previous tick completed (<see cref="Timeout.InfiniteTimeSpan"/> for once).
    /// The token passed to the callback is cancelled when the timer is disposed.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        new GrainTimer(Activation, callback, dueTime, period);

    internal void Bind(Activation activation, IServiceProvider services)
    {
        _activation = activation;
        _services = services;
    }

    private Activation Activation => _activation ?? throw NotBound();

    private InvalidOperationException NotBound() =>
        new($"{GetType().Name} is not activated yet: use the grain's identity and services from OnActivateAsync on, not in its constructor.");
}
