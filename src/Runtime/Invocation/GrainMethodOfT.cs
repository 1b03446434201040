using System.Reflection;
using Dtaas.Runtime.Activations;

namespace Dtaas.Runtime.Invocation;

/// <summary>A grain method whose task yields <typeparamref name="TResult"/> (<see cref="VoidResult"/> for a plain Task).</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    private GrainMethod(GrainInterface owner, MethodInfo method, Type? resultType) : base(owner, method, resultType) { }

    internal override object CallLocal(Activation activation, object?[] args, string? caller)
    {
        bool interleave = AlwaysInterleave || activation.IsReentrant;
        if (activation.TryEnterInline(interleave))
        {
            var task = activation.RunInline(Invoker, args, caller, out bool completed);
            if (completed)
            {
                return task;
            }
            // Still running: hand the caller a task of our own so its continuation never runs inside this activation.
            var observed = new LocalCall<TResult>(this, activation, args, interleave, caller);
            observed.Observe(task, activation);
            return observed.Task;
        }
        var call = new LocalCall<TResult>(this, activation, args, interleave, caller);
        activation.Enqueue(call);
        return call.Task;
    }

    internal override object CallRemote(GrainRpcClient client, RemoteTarget target, GrainId grain, object?[] args) =>
        client.CallAsync<TResult>(this, target, grain, args);

    internal override object? GetResult(Task completed) => ResultType is null ? null : Result(completed);

    internal TResult Result(Task completed) => completed is Task<TResult> typed ? typed.Result : default!;
}
