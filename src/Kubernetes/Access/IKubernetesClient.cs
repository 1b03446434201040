using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Access;

/// <summary>
/// Typed access to a Kubernetes API for any kind the models describe. A namespace argument goes into
/// the URL as given: pass one for namespaced kinds, null for cluster-scoped kinds, and null to list or
/// watch a namespaced kind across all namespaces. Failures throw <see cref="KubernetesApiException"/>
/// (404 <see cref="KubernetesNotFoundException"/>, 409 <see cref="KubernetesConflictException"/>,
/// 410 <see cref="KubernetesGoneException"/>).
/// </summary>
public interface IKubernetesClient
{
    /// <summary>The namespace of the configuration's context (or of the pod, in a cluster); <c>default</c> otherwise.</summary>
    string DefaultNamespace { get; }

    Task<T> GetAsync<T>(string name, string? @namespace, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>;

    Task<KubernetesList<T>> ListAsync<T>(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>;

    /// <summary>
    /// Streams changes after <see cref="ListOptions.ResourceVersion"/>, with bookmarks, until the server
    /// closes the stream (the enumeration then ends) or the token is cancelled. A version the server no
    /// longer has throws <see cref="KubernetesGoneException"/>.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>;

    /// <summary>Creates the object in <c>metadata.namespace</c>; returns it as stored (uid, resourceVersion, ...).</summary>
    Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>;

    /// <summary>Replaces the object (PUT). With <c>metadata.resourceVersion</c> set, a stale version throws <see cref="KubernetesConflictException"/>.</summary>
    Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>;

    Task<T> PatchAsync<T>(string name, string? @namespace, KubernetesPatch patch, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>;

    /// <summary>Deletes the object; with finalizers it only gets a deletionTimestamp until they are removed.</summary>
    Task DeleteAsync<T>(string name, string? @namespace, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>;
}
