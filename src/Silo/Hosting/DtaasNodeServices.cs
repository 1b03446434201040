using Dtaas.Gateway;
using Dtaas.Grains.HostBound;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Users;
using Dtaas.Hosting;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Kubernetes.State;
using Dtaas.Silo.Apps;
using Dtaas.Silo.Federation;
using Dtaas.Silo.Identity;
using Dtaas.Silo.Options;
using Dtaas.Silo.Ports;
using Dtaas.Silo.Telemetry;
using Dtaas.Silo.WebConsole;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Pods;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>The node's one service registration: what its core host (the grains, their ports, the Orleans silo) holds.</summary>
public static class DtaasNodeServices
{
    /// <summary>
    /// Registers every service of the node's core host: its identity and description, the Kubernetes port and object
    /// caches, the ports (WireGuard, overlay, pods, federation client), the gateway's clients, metrics and app
    /// directory, the join transport, and the Orleans silo with its grain storage in Kubernetes objects.
    /// <paramref name="clustering"/> is null standalone (one silo, the API in this process).
    /// </summary>
    public static HostApplicationBuilder AddDtaasNode(this HostApplicationBuilder builder, SiloOptions options, NodeIdentity node, FederationSettings federation,
        SessionSettings sessions, WireGuardBackend backend, IKubernetesClient kubernetes, NodeClustering? clustering, NodeReadiness readiness,
        ClientGateway clientGateway, ILoggerFactory loggerFactory)
    {
        var inCluster = clustering is not null;
        builder.Services.AddSingleton(loggerFactory).AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(new NodeDescription(node.Id, node.Name, DateTimeOffset.UtcNow, node.Keys.PublicKey.ToBase64())
        {
            // Each node's URIs name its own gateway, so its own TLS setting decides.
            UriScheme = options.GatewayTlsListen is { Length: > 0 } ? Uri.UriSchemeHttps : Uri.UriSchemeHttp,
        });
        builder.Services.AddSingleton(readiness);
        builder.Services.AddSingleton(kubernetes);
        builder.Services.AddSingleton<ObjectCaches>();
        builder.Services.AddConsole(options.Namespace, clientGateway.Token);
        builder.Services.AddSingleton<IEventRecorder>(sp => new KubernetesEventRecorder(kubernetes, node.Name, TimeProvider.System,
            sp.GetRequiredService<ILogger<KubernetesEventRecorder>>()));
        builder.Services.AddSingleton(federation);
        builder.Services.AddSingleton(sessions);
        builder.Services.AddSingleton<ILocalObjects, CachedLocalObjects>();
        builder.Services.AddSingleton<IObjectChanges, CachedObjectChanges>();
        builder.Services.AddSingleton<IObjectWriter>(sp => new KubernetesObjectWriter(kubernetes));
        builder.Services.AddSingleton<ISecretKeys, KubernetesSecretKeys>();
        builder.Services.AddSingleton<IPodKeys>(new DerivedPodKeys(node));
        builder.Services.AddHostPorts(clustered: clustering is not null,
            wireGuard: sp => ActivatorUtilities.CreateInstance<WireGuardSupport>(sp),
            overlay: sp => new WireGuardOverlay(sp.GetRequiredService<IWireGuardDevices>(), node.Keys.PrivateKey,
                node.Id, sp.GetRequiredService<Federation.MutableNodeDirectory>(),
                uid => sp.GetRequiredService<IGrainFactory>().GetGrain<IFederationGrain>(uid.ToString()),
                sp.GetRequiredService<IAppDirectory>(), sp.GetRequiredService<GatewayClients>(), sp.GetRequiredService<GatewayMetrics>(), loggerFactory),
            pods: sp => new WireGuardPodInterfaces(sp.GetRequiredService<IWireGuardDevices>(), new IpCommand(ProcessRunner.Default),
                PodResolvers.Create(options.PodResolver == "cri" || (options.PodResolver == "auto" && inCluster), options.PodNetnsDir, options.Namespace, new IpCommand(ProcessRunner.Default), loggerFactory),
                sp.GetRequiredService<ILogger<WireGuardPodInterfaces>>()),
            federation: sp => sp.GetRequiredService<GrpcFederationClient>());
        // What a replica that stops leading removes from its host; the host-bound grain admits work only while it leads.
        builder.Services.AddSingleton(sp => new HostWorkFence([.. new object[] { sp.GetRequiredKeyedService<IOverlayNetwork>(HostWork.Key),
            sp.GetRequiredKeyedService<IPodInterfaces>(HostWork.Key) }.OfType<IWithdrawable>()], sp.GetRequiredService<ILogger<HostWorkFence>>()));
        builder.Services.AddSingleton<IHostWorkGate>(sp => sp.GetRequiredService<HostWorkFence>());
        builder.Services.AddFederationClient(node.Id);
        builder.Services.AddSingleton(sp => new WireGuardDevices(backend, new IpCommand(ProcessRunner.Default),
            sp.GetRequiredService<ILogger<WireGuardDevices>>()));
        builder.Services.AddSingleton<IWireGuardDevices>(sp => sp.GetRequiredService<WireGuardDevices>());
        builder.Services.AddSingleton(_ => new GatewayClients(new GatewayOptions { OverlaySplice = StartSettings.OnOff("overlay-splice", options.OverlaySplice) }));
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ObjectGauges>();
        builder.Services.AddSingleton<IAppDirectory>(sp => new CachedAppDirectory(sp.GetRequiredService<ObjectCaches>(),
            sp.GetRequiredService<NodeDescription>(), options.Namespace, useClusterIp: inCluster, sp.GetRequiredService<Federation.INodeDirectory>(),
            sp.GetRequiredService<IGrainFactory>()));
        builder.Services.AddSingleton<IJoinTransport>(sp => new HttpJoinTransport(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(10)));
        builder.Services.AddSingleton<IJoinOpener>(sp => new SealedJoinOpener(node.Keys, new ReplayCache(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<TimeProvider>(), federation.JoinMaxSkew));
        return builder.AddNodeSilo(node.Id, clientGateway, sp => ActivatorUtilities.CreateInstance<KubernetesGrainStorage>(sp), clustering)
            .AddOrleansDashboard(options);
    }
}
