using System.Net;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// How the replicas of a node form one Orleans cluster: their silo memberList in dtSilos of <paramref name="Namespace"/>,
/// each silo listening on <paramref name="SiloEndpoint"/> for the others and named after its Lease identity, so
/// host-bound work can be placed on the <paramref name="Holder"/>. The silo port speaks mutual TLS with the silo
/// certificate of the node's <paramref name="Certificates"/>: a connection without one is refused. Its silo metadata
/// publishes <paramref name="ReplicaPort"/>, where the other replicas' gateways forward what only the Lease holder serves
/// (0: none, a silo without gateways).
/// </summary>
public sealed record NodeClustering(IKubernetesClient Client, string Namespace, IPEndPoint SiloEndpoint, string SiloName, LeaseHolder Holder,
    Dtaas.Client.SdkCertificates Certificates, int ReplicaPort = 0);
