using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Access;

/// <summary>Read-modify-write helpers over any <see cref="IKubernetesClient"/>.</summary>
public static class KubernetesClientExtensions
{
    /// <summary>How many times <see cref="UpdateWithRetryAsync{T}(IKubernetesClient, Func{CancellationToken, Task{T}}, Func{T, T}, CancellationToken)"/> writes before a conflict is final.</summary>
    public const int MaxUpdateAttempts = 8;

    /// <summary>The object, or null when it does not exist.</summary>
    public static async Task<T?> TryGetAsync<T>(this IKubernetesClient client, string name, string? @namespace, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        try
        {
            return await client.GetAsync<T>(name, @namespace, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Reads the named object, applies <paramref name="mutate"/> and writes it back, retrying on conflict.</summary>
    public static Task<T> UpdateWithRetryAsync<T>(
        this IKubernetesClient client,
        string name,
        string? @namespace,
        Func<T, T?> mutate,
        CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> =>
        client.UpdateWithRetryAsync(ct => client.GetAsync<T>(name, @namespace, ct), mutate, cancellationToken);

    /// <summary>
    /// Optimistic concurrency: <paramref name="mutate"/> gets the current object and returns the one to
    /// write (keeping its resourceVersion, as a <c>with</c> expression does), or null when there is
    /// nothing to change. On 409 Conflict the object is read again and <paramref name="mutate"/> runs
    /// again on it, so it must be a pure function of its input. Returns the object as stored.
    /// </summary>
    public static async Task<T> UpdateWithRetryAsync<T>(
        this IKubernetesClient client,
        Func<CancellationToken, Task<T>> get,
        Func<T, T?> mutate,
        CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await get(cancellationToken).ConfigureAwait(false);
            var updated = mutate(current);
            if (updated is null || updated.Equals(current))
            {
                return current;
            }

            try
            {
                return await client.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesConflictException) when (attempt < MaxUpdateAttempts)
            {
                // Jittered exponential backoff so writers racing on one object spread out.
                var delay = TimeSpan.FromMilliseconds(Math.Min(5 << attempt, 1000) * (0.5 + Random.Shared.NextDouble()));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
