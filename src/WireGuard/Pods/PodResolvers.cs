using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Pods;

/// <summary>The silo's choice of resolver: named network namespaces standalone, the container runtime in a cluster.</summary>
public static class PodResolvers
{
    public const string DefaultNetnsDirectory = NetnsAttachments.RunDirectory;

    /// <param name="inCluster">Running against a cluster (<c>--kubeconfig</c> or in a pod).</param>
    /// <param name="podNetnsDirectory"><c>--pod-netns-dir</c>; used standalone only.</param>
    /// <param name="podNamespace"><c>--namespace</c>: where pods are looked up in a cluster.</param>
    public static IPodResolver Create(bool containerRuntime, string podNetnsDirectory, string podNamespace, IpCommand ip, ILoggerFactory loggerFactory) =>
        containerRuntime
            ? new CriPodResolver(podNamespace, ip, loggerFactory.CreateLogger<CriPodResolver>())
            : new NetnsDirectoryPodResolver(podNetnsDirectory, ip, loggerFactory.CreateLogger<NetnsDirectoryPodResolver>());
}
