namespace Dtaas.WireGuard.Pods;

/// <summary>
/// What <c>crictl inspectp</c> says about a pod sandbox that matters for its network: the pid of a process in it, the
/// path of its network namespace (from the runtime spec; a fallback for runtimes that report no pid), and whether the
/// pod uses the node's network (<c>hostNetwork</c>: its "namespace" is the node's own, never to be given an interface).
/// </summary>
public sealed record CriSandbox(string Id, int? Pid, string? NetnsPath, bool HostNetwork);
