using Dtaas.WireGuard.Pods;

namespace Dtaas.WireGuard.Tests.Pods;

public sealed class CriOutputTests
{
    [Fact]
    public void The_ready_sandbox_of_exactly_that_pod_in_that_namespace_is_found()
    {
        Assert.Equal(RecordedCrictl.ReadyId, CriOutput.ReadySandboxId(RecordedCrictl.Pods, "my-pod", "default"));
        Assert.Equal(RecordedCrictl.OtherNamespaceId, CriOutput.ReadySandboxId(RecordedCrictl.Pods, "my-pod", "staging"));
    }

    [Fact]
    public void A_pod_with_no_ready_sandbox_or_no_sandbox_is_not_found()
    {
        // Only a SANDBOX_NOTREADY would match; it is ignored.
        var notReadyOnly = RecordedCrictl.Pods.Replace("\"SANDBOX_READY\"", "\"SANDBOX_NOTREADY\"", StringComparison.Ordinal);
        Assert.Null(CriOutput.ReadySandboxId(notReadyOnly, "my-pod", "default"));
        Assert.Null(CriOutput.ReadySandboxId(RecordedCrictl.NoPods, "my-pod", "default"));
        Assert.Null(CriOutput.ReadySandboxId(RecordedCrictl.Pods, "my", "default")); // a prefix is not the name
        Assert.Null(CriOutput.ReadySandboxId(RecordedCrictl.Pods, "my-pod", "kube-system"));
        Assert.Null(CriOutput.ReadySandboxId("{}", "my-pod", "default"));
    }

    [Fact]
    public void Inspect_gives_the_pid_and_the_network_namespace_path()
    {
        var sandbox = CriOutput.Sandbox(RecordedCrictl.Inspect);

        Assert.Equal(RecordedCrictl.ReadyId, sandbox.Id);
        Assert.Equal(48213, sandbox.Pid);
        Assert.Equal("/var/run/netns/cni-3f0c5a8e-2b1d-7c4e-9a6f-1e2d3c4b5a69", sandbox.NetnsPath);
        Assert.False(sandbox.HostNetwork);
    }

    [Fact]
    public void A_host_network_sandbox_is_recognised()
    {
        var sandbox = CriOutput.Sandbox(RecordedCrictl.InspectHostNetwork);

        Assert.True(sandbox.HostNetwork);
        Assert.Equal(3121, sandbox.Pid);
    }

    [Fact]
    public void Without_a_pid_the_runtime_specs_network_namespace_path_is_there()
    {
        var sandbox = CriOutput.Sandbox(RecordedCrictl.InspectWithoutPid);

        Assert.Null(sandbox.Pid);
        Assert.Equal("/var/run/netns/5b1e4d0c-8f3a-4a2b-9c7d-6e5f4a3b2c1d", sandbox.NetnsPath);
        Assert.False(sandbox.HostNetwork);
    }
}
