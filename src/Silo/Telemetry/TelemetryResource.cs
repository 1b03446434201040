using Dtaas.Silo.Identity;
using OpenTelemetry.Resources;

namespace Dtaas.Silo.Telemetry;

/// <summary>Who emits the metrics and spans: the silo of one node (service.instance.id is the node id, host.name its DNS name).</summary>
public static class TelemetryResource
{
    public const string ServiceName = "dtaas-silo";

    public static ResourceBuilder For(NodeIdentity node) => ResourceBuilder.CreateDefault()
        .AddService(ServiceName, serviceInstanceId: node.Id, autoGenerateServiceInstanceId: false)
        .AddAttributes([new("host.name", node.Name)]);
}
