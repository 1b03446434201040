namespace Dtaas.Runtime.Invocation;

/// <summary>A reference to a grain in another process, reached over HTTP/2 at the address <paramref name="resolve"/> gives.</summary>
internal sealed class RemoteGrainReference(GrainRpcClient client, Func<Uri> resolve, GrainId id) : GrainReference(id)
{
    public override object Call(GrainMethod method, object?[] args) => method.CallRemote(client, resolve(), Id, args);
}
