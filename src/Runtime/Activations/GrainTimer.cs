using Microsoft.Extensions.Logging;

namespace Dtaas.Runtime.Activations;

/// <summary>
/// A grain timer. Each tick is a request of its activation, so it never overlaps a call of a non-reentrant grain; the
/// next tick is armed only after the callback completes. Ticks do not keep the activation from idle collection.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _period;

    public GrainTimer(Activation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _period = period;
        _timer = activation.Catalog.Time.CreateTimer(static s => ((GrainTimer)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        activation.AddTimer(this);
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        if (!_disposed.IsCancellationRequested)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void Fire()
    {
        if (!_disposed.IsCancellationRequested && _activation.Status == ActivationStatus.Active)
        {
            _activation.Enqueue(new Tick(this));
        }
    }

    private void Rearm()
    {
        if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    private sealed class Tick(GrainTimer owner) : ActivationRequest
    {
        private readonly GrainTimer _timer = owner;

        public override bool Interleave => _timer._activation.IsReentrant;
        public override bool IsActivity => false;

        public override void Start(Activation activation)
        {
            Task task;
            try
            {
                task = _timer._disposed.IsCancellationRequested ? Task.CompletedTask : _timer._callback(_timer._disposed.Token);
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }
            task.ContinueWith(static (t, s) =>
            {
                var tick = (Tick)s!;
                if (t.Exception is { } error)
                {
                    tick.Target!.Catalog.Logger.LogWarning(error.InnerException, "Timer callback of grain {Grain} failed", tick.Target.Id);
                }
                tick.Target!.CompleteRequest();
                tick._timer.Rearm();
            }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        // The activation is gone, and its timers with it.
        public override void Redirect(Catalog catalog) { }
        public override void Fail(Exception error) { }
    }
}
