using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Pods;

/// <summary>
/// The in-cluster resolver: asks the node's container runtime through <c>crictl</c> for the pod's ready sandbox in
/// the silo's Kubernetes namespace, and names the sandbox's network namespace <c>dtpod-</c>+hash(namespace/pod) under
/// /var/run/netns (<c>ip netns attach NAME PID</c>; see <see cref="NetnsAttachments"/>). A recreated pod gets the
/// same name re-pointed. crictl runs through the <see cref="ProcessRunner"/>, so <paramref name="crictl"/> may be a
/// script in tests.
/// </summary>
public sealed class CriPodResolver(string podNamespace, IpCommand ip, ILogger logger, string crictl = CriPodResolver.DefaultExecutable) : IPodResolver
{
    public const string DefaultExecutable = "crictl";

    private readonly NetnsAttachments _attachments = new(ip, logger);

    public async Task<string?> ResolveAsync(string podName, CancellationToken cancellationToken)
    {
        if (PodNames.Problem(podName) is { } problem)
        {
            logger.LogWarning("No pod {Pod}: {Problem}", podName, problem);
            return null;
        }
        var pods = await ip.Runner.RunCheckedAsync(
            crictl, ["pods", "--name", podName, "--namespace", podNamespace, "--state", "ready", "-o", "json"], cancellationToken);
        if (CriOutput.ReadySandboxId(pods.Stdout, podName, podNamespace) is not { } sandboxId)
        {
            return null;
        }
        var inspected = await ip.Runner.RunCheckedAsync(crictl, ["inspectp", sandboxId, "-o", "json"], cancellationToken);
        var sandbox = CriOutput.Sandbox(inspected.Stdout);
        if (sandbox.HostNetwork)
        {
            // Its namespace is the node's: an interface "in the pod" would land in the node's own network.
            logger.LogWarning("Pod {Namespace}/{Pod} uses the host network; it cannot have a dtService interface", podNamespace, podName);
            return null;
        }
        var name = NetnsAttachments.DeriveName($"{podNamespace}/{podName}");
        if (sandbox.Pid is { } pid)
        {
            return await _attachments.AttachPidAsync(name, pid, cancellationToken);
        }
        if (sandbox.NetnsPath is { } path)
        {
            return await _attachments.AttachPathAsync(name, path, cancellationToken);
        }
        logger.LogWarning("Pod {Namespace}/{Pod}: crictl inspectp {Sandbox} shows neither a pid nor a network namespace path", podNamespace, podName, sandboxId);
        return null;
    }
}
