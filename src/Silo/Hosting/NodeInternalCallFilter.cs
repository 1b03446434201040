using System.Collections.Concurrent;
using System.Reflection;
using Dtaas.Grains.Interfaces;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// Refuses SDK clients the node's internal grain calls (<see cref="NodeInternalAttribute"/>). A client is told apart by
/// the caller id Orleans carries: a client's (<c>sys.client/…</c>) other than a silo's own hosted client
/// (<c>sys.client/hosted-…</c>, which the silo's watcher and edges call through). That id is the caller's to say, so
/// this keeps SDK programs to the public contract; it is no boundary against the client token's holder, who may
/// everything on the node anyway.
/// </summary>
public sealed class NodeInternalCallFilter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<MethodInfo, bool> _internal = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.SourceId is { } source && IsSdkClient(source) && IsInternal(context.InterfaceMethod))
        {
            throw new UnauthorizedAccessException(
                $"{context.InterfaceMethod.DeclaringType?.Name}.{context.InterfaceMethod.Name} is the node's own call, not one for SDK clients");
        }
        return context.Invoke();
    }

    public static bool IsSdkClient(GrainId source) =>
        GrainTypePrefix.IsClient(source) && !source.Key.ToString().StartsWith("hosted-", StringComparison.Ordinal);

    private bool IsInternal(MethodInfo? method) =>
        method is not null && _internal.GetOrAdd(method, m => m.IsDefined(typeof(NodeInternalAttribute), inherit: false)
            || m.DeclaringType?.IsDefined(typeof(NodeInternalAttribute), inherit: false) == true);
}
