using System.Net;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Ports;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Silo.Ports;

/// <summary>
/// The silo's <see cref="IObjectWriter"/>: the Kubernetes API, with its Status message as the answer when it refuses.
/// The caches are left to the watch, so the write is reconciled as kubectl's would be.
/// </summary>
public sealed class KubernetesObjectWriter(IKubernetesClient client) : IObjectWriter
{
    public Task<ObjectWrite<T>> CreateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        AnswerAsync(HttpStatusCode.Created, async () => await client.CreateAsync(obj, cancellationToken));

    public Task<ObjectWrite<T>> UpdateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        AnswerAsync(HttpStatusCode.OK, async () => await client.UpdateAsync(obj, cancellationToken));

    public Task<ObjectWrite<T>> DeleteAsync<T>(ObjectKey key, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        AnswerAsync<T>(HttpStatusCode.OK, async () =>
        {
            await client.DeleteAsync<T>(key.Name, key.Namespace, null, cancellationToken);
            return null;
        });

    private static async Task<ObjectWrite<T>> AnswerAsync<T>(HttpStatusCode done, Func<Task<T?>> write) where T : class
    {
        try
        {
            return new ObjectWrite<T>((int)done, null, await write());
        }
        catch (KubernetesApiException e)
        {
            return new ObjectWrite<T>((int)e.StatusCode, e.Message, null);
        }
    }
}
