using System.Globalization;
using Dtaas.Kubernetes.Election;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The Service other nodes send WireGuard packets to (k8s/deploy/services.yaml, <c>dtaas-wireguard</c>): selector-less,
/// its Endpoints kept by the Lease holder (<see cref="LeaderEndpoints"/>) naming its pod, with one UDP port per
/// domain overlay from <c>--wireguard-port</c> up, named <c>wireguard-0</c> and up as the Service's ports are.
/// </summary>
internal static class OverlayService
{
    public const string Name = "dtaas-wireguard";

    /// <summary>As many as the Service lists: a node in more domains needs more ports there and here.</summary>
    public const int Ports = 4;

    public static LeaderEndpointsOptions Endpoints(string @namespace, string identity, System.Net.IPAddress podAddress, int wireGuardPort) => new()
    {
        ServiceName = Name,
        Namespace = @namespace,
        Identity = identity,
        Address = podAddress.ToString(),
        // In a pod its host name is the pod's name.
        Pod = k8s.KubernetesClientConfiguration.IsInCluster() ? Environment.MachineName : null,
        Ports = [.. Enumerable.Range(0, Ports).Select(i => new LeaderEndpointPort($"wireguard-{i.ToString(CultureInfo.InvariantCulture)}", wireGuardPort + i, "UDP"))],
    };
}
