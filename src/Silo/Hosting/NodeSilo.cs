using System.Net;
using System.Net.Sockets;
using Dtaas.Client;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.HostBound;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Users;
using Dtaas.Kubernetes.SiloMembership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The node's Orleans silo: a cluster of its own (ids from the node id), of one silo with its silo port on loopback or
/// of every replica of the node (<see cref="NodeClustering"/>); the client gateway on <c>--client-listen</c> behind the
/// client token (none when null), every grain's state in its Kubernetes object (the storage named
/// <see cref="StorageNames.Kubernetes"/>), and the codec SDK clients use too.
/// </summary>
public static class NodeSilo
{
    public static HostApplicationBuilder AddNodeSilo(this HostApplicationBuilder builder, string nodeId, ClientGateway? clientGateway,
        Func<IServiceProvider, IGrainStorage> storage, NodeClustering? clustering = null)
    {
        var clientEndpoint = clientGateway?.Endpoint;
        builder.UseOrleans(silo =>
        {
            // Orleans advertises one address for the silo port and the client gateway (clients must dial exactly what is
            // advertised). Alone, the silo port listens on loopback and the one silo is its own primary; with several
            // silos per node they find each other in the node's dtSilos and place host-bound work on the Lease holder.
            var siloEndpoint = clustering?.SiloEndpoint ?? new IPEndPoint(IPAddress.Loopback, FreePort(IPAddress.Loopback));
            var advertised = clientGateway?.Advertised ?? IPAddress.Loopback;
            if (clustering is null)
            {
                silo.UseDevelopmentClustering(new IPEndPoint(advertised, siloEndpoint.Port));
            }
            else
            {
                silo.UseKubernetesSiloMembership(clustering.Client, clustering.Namespace);
                silo.Configure<SiloOptions>(o => o.SiloName = clustering.SiloName);
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    // A replica killed with -9 is declared dead after three missed 2 s probes, and ignored after 15 s
                    // without a heartbeat in the table: the Lease (15 s) lapses in about the same time.
                    o.ProbeTimeout = TimeSpan.FromSeconds(2);
                    o.NumMissedProbesLimit = 3;
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                });
                silo.Configure<SiloConnectionOptions>(o => SiloTls.Require(o, clustering.Certificates));
                silo.Services.AddSingleton(clustering.Holder);
                silo.Services.AddSingleton<IHostWorkHolder>(clustering.Holder);
                silo.AddPlacementDirector<LeaseHolderPlacement, LeaseHolderPlacementDirector>();
                if (clustering.ReplicaPort > 0)
                {
                    silo.UseSiloMetadata(Replicas.ReplicaListenerAddress.Metadata(clustering.ReplicaPort));
                }
            }
            silo.AddIncomingGrainCallFilter<NodeInternalCallFilter>();
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = NodeCluster.ClusterId(nodeId);
                o.ServiceId = NodeCluster.ServiceId(nodeId);
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = advertised;
                o.SiloPort = siloEndpoint.Port;
                o.SiloListeningEndpoint = siloEndpoint;
                o.GatewayPort = clientEndpoint?.Port ?? 0;
                o.GatewayListeningEndpoint = clientEndpoint;
            });
            if (clientGateway is { Token: var clientToken, Certificates: var certificates })
            {
                silo.Configure<SiloConnectionOptions>(o => o.ConfigureGatewayInboundConnection(connection =>
                {
                    if (certificates is not null)
                    {
                        // The certificate is checked by the admission, which can tell the client why it is refused.
                        connection.UseServerTls(new TlsOptions
                        {
                            LocalCertificate = certificates.Server,
                            RemoteCertificateMode = RemoteCertificateMode.AllowCertificate,
                            ClientCertificateMode = RemoteCertificateMode.AllowCertificate,
                            RemoteCertificateValidation = (_, _, _) => true,
                        });
                    }
                    connection.UseMiddleware(new ClientAdmission(clientToken, certificates?.Authority,
                        connection.ApplicationServices.GetRequiredService<ILogger<ClientAdmission>>()));
                }));
            }
            silo.Services.AddSerializer(serializer => serializer.AddDtaasModels());
            silo.Services.AddKeyedSingleton(GrainClock.Key, TimeProvider.System);
            silo.Services.TryAddSingleton(SessionSettings.Default); // a test may register a shorter token lifetime first
            silo.Services.TryAddSingleton(LoginThrottleSettings.Default);
            silo.Services.TryAddSingleton<IPasswordCheck, Argon2PasswordCheck>();
            silo.Services.AddGrainStorage(StorageNames.Kubernetes, (sp, _) => storage(sp));
        });
        return builder;
    }

    /// <summary>
    /// The address SDK clients dial. An Orleans client must dial exactly the address the client gateway advertises, so on a
    /// wildcard listen it is <paramref name="configured"/> (<c>--advertise-address</c>; the pod's IP in a cluster) or
    /// else this host's first IPv4 address.
    /// </summary>
    public static IPAddress Advertised(IPAddress listen, string? configured)
    {
        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
        {
            return listen;
        }
        if (configured is { Length: > 0 })
        {
            return IPAddress.TryParse(configured, out var address)
                ? address
                : throw new ArgumentException($"--advertise-address '{configured}' is not an IP address.");
        }
        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address)) ?? IPAddress.Loopback;
    }

    /// <summary>
    /// A port nothing listens on now. Orleans advertises the port it binds, so it cannot take port 0 and learn the
    /// port afterwards; the tiny window between closing this socket and Orleans binding the port is accepted.
    /// </summary>
    public static int FreePort(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
