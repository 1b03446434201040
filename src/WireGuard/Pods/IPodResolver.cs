namespace Dtaas.WireGuard.Pods;

/// <summary>Finds a pod by name and makes its network namespace addressable by <c>ip -n</c>.</summary>
public interface IPodResolver
{
    /// <summary>
    /// The name of the pod's network namespace under /var/run/netns (attached there if need be), or null when there is
    /// no such pod, it is not ready, or <paramref name="podName"/> is not a pod name at all.
    /// </summary>
    Task<string?> ResolveAsync(string podName, CancellationToken cancellationToken);
}
