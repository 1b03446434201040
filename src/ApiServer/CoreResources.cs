namespace Dtaas.ApiServer;

/// <summary>The built-in kinds DTaaS uses, with columns close to kubectl's own printers and Kubernetes' categories.</summary>
internal static class CoreResources
{
    private static readonly PrinterColumn Age = new("Age", "date", ".metadata.creationTimestamp");

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        new("", "v1", "Namespace", "namespaces", "namespace", ["ns"], false, null,
            [new("Status", "string", ".status.phase"), Age]),
        new("", "v1", "Service", "services", "service", ["svc"], true, null,
            [new("Type", "string", ".spec.type"), new("Cluster-IP", "string", ".spec.clusterIP"),
             new("Port(s)", "string", ".spec.ports[*].port"), Age], ["all"]),
        new("", "v1", "Endpoints", "endpoints", "endpoints", ["ep"], true, null,
            [new("Endpoints", "string", ".subsets[*].addresses[*].ip"), Age]),
        new("", "v1", "Secret", "secrets", "secret", [], true, null,
            [new("Type", "string", ".type"), PrinterColumn.Count("Data", ".data"), Age]),
        new("", "v1", "ConfigMap", "configmaps", "configmap", ["cm"], true, null,
            [PrinterColumn.Count("Data", ".data", ".binaryData"), Age]),
        new("", "v1", "Event", "events", "event", ["ev"], true, null,
            [new("Type", "string", ".type"), new("Reason", "string", ".reason"),
             new("Object", "string", ".involvedObject.name"), new("Message", "string", ".message"), Age]),
        new("coordination.k8s.io", "v1", "Lease", "leases", "lease", [], true, null,
            [new("Holder", "string", ".spec.holderIdentity"), Age]),
    ];
}
