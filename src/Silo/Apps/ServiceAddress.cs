using System.Globalization;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Silo.Apps;

/// <summary>
/// Where requests for an app's Service go: in a cluster the Service's cluster IP (kube-proxy spreads them over the
/// pods); standalone, or for a headless Service, one of the addresses of its Endpoints object, taken in turn. The port's
/// <c>appProtocol</c> says whether it speaks cleartext HTTP/2 (gRPC) rather than HTTP/1.1.
/// </summary>
public static class ServiceAddress
{
    public static (Uri? Address, string? Problem, bool Http2) Resolve(V1Service? service, V1Endpoints? endpoints, DtAppServiceSelector selector,
        bool useClusterIp, int turn)
    {
        var name = $"Service {selector.Name}";
        if (service is null)
        {
            return (null, $"{name} does not exist", false);
        }
        var ports = service.Spec?.Ports ?? [];
        var port = selector.Port switch
        {
            null => ports.FirstOrDefault(),
            { IsNumber: true } wanted => ports.FirstOrDefault(p => p.Port == wanted.Number),
            { } wanted => ports.FirstOrDefault(p => p.Name == wanted.Name),
        };
        if (port is null)
        {
            return (null, selector.Port is null ? $"{name} has no ports" : $"{name} has no port {selector.Port}", false);
        }
        if (useClusterIp && service.Spec?.ClusterIp is { Length: > 0 } clusterIp && clusterIp != "None")
        {
            return (Http(clusterIp, port.Port), null, SpeaksHttp2(port));
        }
        var targets = (endpoints?.Subsets ?? [])
            .SelectMany(s => (s.Addresses ?? []).Select(a => (a.Ip, Port: EndpointPort(s, port))))
            .Where(t => t.Ip is { Length: > 0 } && t.Port is not null)
            .ToList();
        if (targets.Count == 0)
        {
            return (null, $"{name} has no ready endpoints{(port.Name is null ? "" : $" for port {port.Name}")}", false);
        }
        var target = targets[(int)((uint)turn % (uint)targets.Count)];
        return (Http(target.Ip!, target.Port!.Value), null, SpeaksHttp2(port));
    }

    // kubernetes.io/h2c is the standard name (KEP-3726); grpc and h2c are what people write.
    private static bool SpeaksHttp2(V1ServicePort port) =>
        port.AppProtocol?.ToLowerInvariant() is "kubernetes.io/h2c" or "h2c" or "grpc";

    // Endpoints name their ports after the Service's; an unnamed single port is the only one.
    private static int? EndpointPort(V1EndpointSubset subset, V1ServicePort port) =>
        (subset.Ports ?? []) switch
        {
            [var only] when port.Name is null || only.Name == port.Name => only.Port,
            var many => many.FirstOrDefault(p => p.Name == port.Name)?.Port,
        };

    private static Uri Http(string ip, int port) =>
        new($"http://{(ip.Contains(':') ? $"[{ip}]" : ip)}:{port.ToString(CultureInfo.InvariantCulture)}/");
}
