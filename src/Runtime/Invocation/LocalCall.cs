using Dtaas.Runtime.Activations;

namespace Dtaas.Runtime.Invocation;

/// <summary>
/// A call to a local activation that did not finish in the caller's turn: it queues behind other requests, or it was
/// started inline and is still running. Applies the call timeout and the caller's cancellation, and completes the
/// caller's task asynchronously so the caller never runs inside the callee's turn.
/// </summary>
internal sealed class LocalCall<TResult> : ActivationRequest
{
    private readonly GrainMethod<TResult> _method;
    private readonly object?[] _args;
    private readonly bool _interleave;
    private readonly string? _caller;
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _timeout;
    private readonly CancellationTokenRegistration _cancellation;

    public LocalCall(GrainMethod<TResult> method, Activation activation, object?[] args, bool interleave, string? caller)
    {
        _method = method;
        _args = args;
        _interleave = interleave;
        _caller = caller;
        Target = activation;
        var catalog = activation.Catalog;
        _timeout = catalog.Time.CreateTimer(static s => ((LocalCall<TResult>)s!).TimeOut(), this, catalog.CallTimeout, Timeout.InfiniteTimeSpan);
        var token = method.GetCancellationToken(args);
        if (token.CanBeCanceled)
        {
            _cancellation = token.UnsafeRegister(static (s, t) => ((LocalCall<TResult>)s!).Finish(() => ((LocalCall<TResult>)s!)._completion.TrySetCanceled(t)), this);
        }
    }

    public Task<TResult> Task => _completion.Task;

    public override bool Interleave => _interleave;

    public override void Start(Activation activation)
    {
        if (_completion.Task.IsCompleted)
        {
            // Timed out or cancelled while it waited: the grain never sees it.
            activation.CompleteRequest();
            return;
        }
        System.Threading.Tasks.Task task;
        try
        {
            task = GrainCallContext.Run(_caller, _method.Invoker, activation.Grain, _args);
        }
        catch (Exception e)
        {
            task = System.Threading.Tasks.Task.FromException(e);
        }
        Observe(task, activation);
    }

    /// <summary>Completes the caller's task and the activation's request when the grain's task completes.</summary>
    public void Observe(Task task, Activation activation)
    {
        Target = activation;
        task.ContinueWith(static (t, s) =>
        {
            var call = (LocalCall<TResult>)s!;
            call.Finish(() =>
                t.IsFaulted ? call._completion.TrySetException(t.Exception!.InnerExceptions)
                : t.IsCanceled ? call._completion.TrySetCanceled()
                : call._completion.TrySetResult(call._method.Result(t)));
            call.Target!.CompleteRequest();
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public override void Redirect(Catalog catalog) => catalog.GetOrCreate(Target!.Id).Enqueue(this);

    public override void Fail(Exception error) => Finish(() => _completion.TrySetException(error));

    private void TimeOut() =>
        Finish(() => _completion.TrySetException(GrainCallTimeoutException.For(Target!.Id, _method.Name, Target.Catalog.CallTimeout)));

    private void Finish(Func<bool> complete)
    {
        if (complete())
        {
            _timeout.Dispose();
            _cancellation.Dispose();
        }
    }
}
