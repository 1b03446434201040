using System.Runtime.CompilerServices;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Kubernetes.Tests.Controllers;

/// <summary>
/// A client whose watches can be made to miss events and then expire, as when a watcher fell behind and the
/// server compacted past it: after <see cref="ExpireAsync"/>, a watch from an older version gets 410 Gone, at
/// the start (as an HTTP status) or at its next event (as an ERROR event).
/// </summary>
internal sealed class ExpiringWatchClient(IKubernetesClient inner) : IKubernetesClient
{
    private volatile bool _dropping;
    private long _oldestResumable;
    private int _expirations;

    public int Expirations => Volatile.Read(ref _expirations);

    public string DefaultNamespace => inner.DefaultNamespace;

    /// <summary>From now on, watch events (bookmarks too) are lost.</summary>
    public void DropEvents() => _dropping = true;

    /// <summary>Watches from before the server's current version expire; events flow again for newer ones.</summary>
    public async Task ExpireAsync()
    {
        var list = await inner.ListAsync<V1Namespace>(null);
        Interlocked.Exchange(ref _oldestResumable, long.Parse(list.Metadata.ResourceVersion!));
        _dropping = false;
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? @namespace, ListOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var from = long.Parse(options?.ResourceVersion ?? "0");
        ThrowIfExpired(from);
        await foreach (var change in inner.WatchAsync<T>(@namespace, options, cancellationToken))
        {
            ThrowIfExpired(from);
            if (!_dropping)
            {
                yield return change;
            }
        }
    }

    public Task<T> GetAsync<T>(string name, string? @namespace, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> => inner.GetAsync<T>(name, @namespace, cancellationToken);

    public Task<KubernetesList<T>> ListAsync<T>(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> => inner.ListAsync<T>(@namespace, options, cancellationToken);

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> => inner.CreateAsync(obj, cancellationToken);

    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> => inner.UpdateAsync(obj, cancellationToken);

    public Task<T> PatchAsync<T>(string name, string? @namespace, KubernetesPatch patch, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> => inner.PatchAsync<T>(name, @namespace, patch, cancellationToken);

    public Task DeleteAsync<T>(string name, string? @namespace, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> => inner.DeleteAsync<T>(name, @namespace, options, cancellationToken);

    private void ThrowIfExpired(long from)
    {
        var oldest = Interlocked.Read(ref _oldestResumable);
        if (from < oldest)
        {
            Interlocked.Increment(ref _expirations);
            throw new KubernetesGoneException($"too old resource version: {from} ({oldest})");
        }
    }
}
