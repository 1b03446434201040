using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>Where the membership kinds live in the API (k8s/crds/dtsilos.yaml and dtsilotables.yaml).</summary>
public static class SiloMembershipKinds
{
    public static ResourceKind DtSilo { get; } = new(ResourceKinds.DtaasGroup, "v1", "dtsilos", "dtSilo", Namespaced: true);

    public static ResourceKind DtSiloTable { get; } = new(ResourceKinds.DtaasGroup, "v1", "dtsilotables", "dtSiloTable", Namespaced: true);
}
