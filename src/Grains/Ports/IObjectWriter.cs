using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Ports;

/// <summary>
/// A user's write of an object through the node's Kubernetes API, as kubectl makes it: the API's validation applies and
/// its refusal is the answer, not an exception. The node's watch then sees the change as it sees kubectl's.
/// </summary>
public interface IObjectWriter
{
    Task<ObjectWrite<T>> CreateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new();

    /// <summary>Replaces the object; its <c>metadata.resourceVersion</c> makes a change made meanwhile a 409.</summary>
    Task<ObjectWrite<T>> UpdateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new();

    Task<ObjectWrite<T>> DeleteAsync<T>(ObjectKey key, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new();
}
