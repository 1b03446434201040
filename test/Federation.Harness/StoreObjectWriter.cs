using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Ports;
using Orleans.Storage;

namespace Dtaas.Federation.Harness;

/// <summary>
/// A user's writes through grains into the node's <see cref="ObjectStore"/>, answered as the API server answers:
/// 201 created, 200 replaced or deleted, 409 when it exists already or changed since read, 404 when there is none.
/// The store has no schema, so no 422.
/// </summary>
public sealed class StoreObjectWriter(ObjectStore store) : IObjectWriter
{
    public Task<ObjectWrite<T>> CreateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        Answer(201, () => store.Create(obj));

    public Task<ObjectWrite<T>> UpdateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        Answer(200, () => store.Update(obj));

    public Task<ObjectWrite<T>> DeleteAsync<T>(ObjectKey key, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        Task.FromResult(store.Delete<T>(key.Namespace, key.Name)
            ? new ObjectWrite<T>(200, null, null)
            : new ObjectWrite<T>(404, $"{T.ResourceKind.Plural}.{T.ResourceKind.Group} \"{key.Name}\" not found", null));

    private static Task<ObjectWrite<T>> Answer<T>(int done, Func<T> write) where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        try
        {
            return Task.FromResult(new ObjectWrite<T>(done, null, write()));
        }
        catch (InconsistentStateException e)
        {
            return Task.FromResult(new ObjectWrite<T>(409, e.Message, null));
        }
    }
}
