using Microsoft.Extensions.Logging;

namespace Dtaas.Runtime.Activations;

/// <summary>
/// One live grain instance and its turn scheduler.
/// <para>
/// Two rules are enforced here. Turns never run in parallel: a single "drain" runs queued turns one after another with
/// <see cref="ActivationSynchronizationContext"/> installed, so the grain's awaits come back here. Requests do not
/// overlap unless they may interleave: a request holds the activation from its first turn until its task completes,
/// and later requests wait in arrival order.
/// </para>
/// <para>
/// Fast path: when the activation is idle, a call runs its first turn inline on the caller's thread; a grain method
/// that completes synchronously then costs little more than a direct interface call.
/// </para>
/// </summary>
internal sealed class Activation : IThreadPoolWorkItem
{
    // Turns run back to back before the drain yields its thread-pool thread to others.
    private const int TurnsPerDrain = 64;

    private readonly Catalog _catalog;
    private readonly Lock _lock = new();
    private readonly Queue<ReadyTurn> _ready = new();
    private readonly Queue<ActivationRequest> _waiting = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly ActivationSynchronizationContext _context;

    private volatile ActivationStatus _status = ActivationStatus.Created;
    private bool _draining;        // a drain is scheduled or running, or a turn runs inline
    private int _inFlight;         // requests started and not completed
    private DeactivationReason? _deactivation;
    private long _lastActivity;
    private long _keepAliveUntil;
    private Grain? _grain;
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly record struct ReadyTurn(SendOrPostCallback Callback, object? State);

    public Activation(Catalog catalog, GrainId id, GrainClass grainClass)
    {
        _catalog = catalog;
        Id = id;
        Class = grainClass;
        _context = new ActivationSynchronizationContext(this);
        _lastActivity = catalog.Time.GetTimestamp();
    }

    public GrainId Id { get; }
    public GrainClass Class { get; }
    public bool IsReentrant => Class.IsReentrant;
    public Catalog Catalog => _catalog;
    public ActivationStatus Status => _status;
    public Grain Grain => _grain ?? throw new InvalidOperationException($"Grain {Id} is not active.");

    /// <summary>Completes when the activation has left the catalog.</summary>
    public Task Gone => _gone.Task;

    /// <summary>Claims the activation for a call's first turn on the caller's thread, if nothing else is going on.</summary>
    public bool TryEnterInline(bool interleave)
    {
        lock (_lock)
        {
            if (_status != ActivationStatus.Active || _draining ||
                (!interleave && (_inFlight != 0 || _waiting.Count != 0 || _deactivation is not null)))
            {
                return false;
            }
            _draining = true;
            _inFlight++;
            _lastActivity = _catalog.Time.GetTimestamp();
            return true;
        }
    }

    /// <summary>Runs a call's first turn inline after <see cref="TryEnterInline"/> succeeded.</summary>
    /// <param name="completed">True when the call finished within that turn (its request is then over).</param>
    public Task RunInline(Func<object, object?[], Task> invoker, object?[] args, string? caller, out bool completed)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        Task task;
        try
        {
            task = GrainCallContext.Run(caller, invoker, Grain, args);
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        lock (_lock)
        {
            _draining = false;
            completed = task.IsCompleted;
            if (completed)
            {
                _inFlight--;
                AdmitWaiting();
            }
            ScheduleDrain();
        }
        return task;
    }

    /// <summary>Queues a request; it starts when the activation's rules allow.</summary>
    public void Enqueue(ActivationRequest request)
    {
        bool redirect = false;
        lock (_lock)
        {
            request.Target = this;
            switch (_status)
            {
                case ActivationStatus.Created:
                    _status = ActivationStatus.Activating;
                    _inFlight = 1;
                    _ready.Enqueue(new ReadyTurn(static s => ((Activation)s!).ActivateAsync(), this));
                    _waiting.Enqueue(request);
                    break;
                case ActivationStatus.Activating or ActivationStatus.Deactivating:
                    _waiting.Enqueue(request);
                    break;
                case ActivationStatus.Deactivated:
                    redirect = true;
                    break;
                default:
                    if (request.IsActivity)
                    {
                        _lastActivity = _catalog.Time.GetTimestamp();
                    }
                    if (request.Interleave || (_inFlight == 0 && _waiting.Count == 0 && _deactivation is null))
                    {
                        Admit(request);
                    }
                    else
                    {
                        _waiting.Enqueue(request);
                    }
                    break;
            }
            ScheduleDrain();
        }
        if (redirect)
        {
            request.Redirect(_catalog);
        }
    }

    /// <summary>Called once per started request when it is over; lets waiting requests in.</summary>
    public void CompleteRequest()
    {
        lock (_lock)
        {
            _inFlight--;
            AdmitWaiting();
            ScheduleDrain();
        }
    }

    /// <summary>Queues a continuation of one of this activation's turns.</summary>
    public void Post(SendOrPostCallback callback, object? state)
    {
        lock (_lock)
        {
            _ready.Enqueue(new ReadyTurn(callback, state));
            ScheduleDrain();
        }
    }

    /// <summary>Deactivates once the current requests are over (DeactivateOnIdle, idle collection, shutdown).</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_status == ActivationStatus.Created)
            {
                _status = ActivationStatus.Deactivated;
                _catalog.Remove(this);
                _gone.TrySetResult();
                return;
            }
            _deactivation ??= reason;
            AdmitWaiting();
            ScheduleDrain();
        }
    }

    /// <summary>Starts deactivation if no call arrived for <paramref name="age"/> and nothing is running.</summary>
    public bool TryCollect(TimeSpan age)
    {
        lock (_lock)
        {
            if (_status != ActivationStatus.Active || _inFlight != 0 || _waiting.Count != 0 || _draining ||
                _catalog.Time.GetElapsedTime(_lastActivity) < age || _catalog.Time.GetTimestamp() < _keepAliveUntil)
            {
                return false;
            }
            _deactivation ??= DeactivationReason.Idle;
            AdmitWaiting();
            ScheduleDrain();
            return true;
        }
    }

    /// <summary>Keeps idle collection away for <paramref name="duration"/> from now (a later deadline wins).</summary>
    public void DelayDeactivation(TimeSpan duration)
    {
        var until = _catalog.Time.GetTimestamp() + (long)(duration.TotalSeconds * _catalog.Time.TimestampFrequency);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    public void AddTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Add(timer);
        }
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            for (int turns = 0; ; turns++)
            {
                ReadyTurn turn;
                lock (_lock)
                {
                    if (_ready.Count == 0)
                    {
                        _draining = false;
                        return;
                    }
                    if (turns == TurnsPerDrain)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                        return;
                    }
                    turn = _ready.Dequeue();
                }
                try
                {
                    turn.Callback(turn.State);
                }
                catch (Exception e)
                {
                    // Requests catch their own exceptions; this is a continuation that threw past its task.
                    _catalog.Logger.LogError(e, "Unhandled exception in a turn of grain {Grain}", Id);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    // Caller holds _lock.
    private void Admit(ActivationRequest request)
    {
        _inFlight++;
        _ready.Enqueue(new ReadyTurn(static s => ((ActivationRequest)s!).Start(((ActivationRequest)s!).Target!), request));
    }

    // Caller holds _lock. Lets in what may start now: the deactivation turn first, otherwise waiting requests in order.
    private void AdmitWaiting()
    {
        if (_status != ActivationStatus.Active)
        {
            return;
        }
        if (_deactivation is { } reason)
        {
            if (_inFlight == 0)
            {
                _status = ActivationStatus.Deactivating;
                _inFlight = 1;
                _ready.Enqueue(new ReadyTurn(static s => ((Activation)s!).DeactivateAsync(), this));
            }
            return;
        }
        while (_waiting.TryPeek(out var next) && (next.Interleave || _inFlight == 0))
        {
            _waiting.Dequeue();
            Admit(next);
        }
    }

    // Caller holds _lock.
    private void ScheduleDrain()
    {
        if (!_draining && _ready.Count != 0)
        {
            _draining = true;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private async void ActivateAsync()
    {
        // async void is deliberate: this is a turn callback; every exception is handled here.
        try
        {
            _grain = _catalog.CreateGrain(this, out var states);
            foreach (var state in states)
            {
                await state.LoadAsync(_catalog.ShutdownToken);
            }
            await _grain.OnActivateAsync(_catalog.ShutdownToken);
        }
        catch (Exception e)
        {
            FailActivation(e);
            return;
        }
        lock (_lock)
        {
            _status = ActivationStatus.Active;
        }
        CompleteRequest();
    }

    private void FailActivation(Exception error)
    {
        _catalog.Logger.LogWarning(error, "Activation of grain {Grain} failed", Id);
        var failure = new GrainActivationException($"Activation of grain {Id} failed: {error.Message}", error);
        ActivationRequest[] waiting;
        lock (_lock)
        {
            _status = ActivationStatus.Deactivated;
            _inFlight = 0;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        _catalog.Remove(this);
        _gone.TrySetResult();
        foreach (var request in waiting)
        {
            request.Fail(failure);
        }
    }

    private async void DeactivateAsync()
    {
        // async void is deliberate: this is a turn callback; every exception is handled here.
        var reason = _deactivation ?? DeactivationReason.Requested;
        try
        {
            await Grain.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception e)
        {
            _catalog.Logger.LogWarning(e, "OnDeactivateAsync of grain {Grain} threw", Id);
        }

        GrainTimer[] timers;
        ActivationRequest[] waiting;
        lock (_lock)
        {
            timers = [.. _timers];
            _timers.Clear();
            _status = ActivationStatus.Deactivated;
            _inFlight = 0;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
        _catalog.Remove(this);
        _gone.TrySetResult();
        _catalog.Logger.LogDebug("Deactivated grain {Grain} ({Reason})", Id, reason);
        foreach (var request in waiting)
        {
            request.Redirect(_catalog);
        }
    }
}
