namespace Dtaas.Runtime.Invocation;

/// <summary>
/// A reference to a grain in another process, reached over HTTP/2 at the address <paramref name="resolve"/> gives.
/// With <paramref name="forwardTo"/>, that process relays the call to the named node (an SDK client reaching
/// beyond the silo it is connected to).
/// </summary>
internal sealed class RemoteGrainReference(GrainRpcClient client, Func<Uri> resolve, GrainId id, string? forwardTo = null) : GrainReference(id)
{
    public override object Call(GrainMethod method, object?[] args) => method.CallRemote(client, new RemoteTarget(resolve(), forwardTo), Id, args);
}

/// <summary>Where a remote call goes: the silo's base address, and the node it should relay to (null: the silo itself).</summary>
internal readonly record struct RemoteTarget(Uri Silo, string? ForwardTo);
