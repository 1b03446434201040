using System.Diagnostics;
using System.Security.Cryptography;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Pods;
using Dtaas.WireGuard.Tests.Devices;

namespace Dtaas.WireGuard.Tests.Pods;

[Collection(NetworkCollection.Name)]
public sealed class PodResolverTests
{
    private static readonly IpCommand Ip = new(ProcessRunner.Default);
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    [Theory]
    [InlineData("my-pod")]
    [InlineData("web-0")]
    [InlineData("a")]
    [InlineData("pod.with.dots")]
    public void Kubernetes_pod_names_are_accepted(string name) => Assert.True(PodNames.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("/abs")]
    [InlineData("-n")]
    [InlineData("My-Pod")]
    [InlineData("pod-")]
    [InlineData("a..b")]
    [InlineData("pod name")]
    public void Anything_else_is_refused_with_a_reason(string name) =>
        Assert.Contains("pod name", PodNames.Problem(name));

    [Fact]
    public void Names_longer_than_a_dns_subdomain_are_refused() => Assert.False(PodNames.IsValid(new string('a', 254)));

    [Theory]
    [InlineData("no-such-pod")]
    [InlineData("..")]
    [InlineData("../netns")]
    [InlineData("x/../../etc")]
    public async Task The_directory_resolver_finds_no_missing_or_malformed_pod(string name)
    {
        var directory = Directory.CreateTempSubdirectory("pod-netns-");
        try
        {
            // A file beside the directory that a traversal would reach: it must not be taken for a pod.
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "netns"), "");
            var resolver = new NetnsDirectoryPodResolver(Path.Combine(directory.FullName, "pods"), Ip, new RecordingLogger<NetnsDirectoryPodResolver>());

            Assert.Null(await resolver.ResolveAsync(name, CancellationToken.None));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_network_namespace_is_no_pod()
    {
        var directory = Directory.CreateTempSubdirectory("pod-netns-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "my-pod"), "");
            var resolver = new NetnsDirectoryPodResolver(directory.FullName, Ip, new RecordingLogger<NetnsDirectoryPodResolver>());

            Assert.Null(await resolver.ResolveAsync("my-pod", CancellationToken.None));
            Assert.False(File.Exists(Path.Combine(NetnsAttachments.RunDirectory, NetnsAttachments.DeriveName(Path.Combine(directory.FullName, "my-pod")))));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [NetworkFact]
    public async Task In_var_run_netns_the_pod_name_is_the_namespace_name()
    {
        NetworkFactAttribute.RequirePrerequisites();
        var namespaces = new NetworkNamespaces(Ip);
        var pod = $"dtr-pod-{_suffix}";
        try
        {
            await namespaces.CreateAsync(pod, CancellationToken.None);
            var resolver = new NetnsDirectoryPodResolver("/var/run/netns/", Ip, new RecordingLogger<NetnsDirectoryPodResolver>());

            Assert.Equal(pod, await resolver.ResolveAsync(pod, CancellationToken.None));
            Assert.Null(await resolver.ResolveAsync($"dtr-none-{_suffix}", CancellationToken.None));
        }
        finally
        {
            await namespaces.DeleteAsync(pod, CancellationToken.None);
        }
    }

    [NetworkFact]
    public async Task In_another_directory_the_namespace_is_bind_mounted_under_a_derived_name_once()
    {
        NetworkFactAttribute.RequirePrerequisites();
        var namespaces = new NetworkNamespaces(Ip);
        var backing = $"dtr-src-{_suffix}";
        var directory = Directory.CreateTempSubdirectory("pod-netns-");
        var podFile = Path.Combine(directory.FullName, "my-pod");
        var attachments = new NetnsAttachments(Ip, new RecordingLogger<NetnsAttachments>());
        var attached = NetnsAttachments.DeriveName(podFile);
        try
        {
            // A namespace bound at DIR/my-pod, as another tool (or a runtime's own netns directory) would have it.
            await namespaces.CreateAsync(backing, CancellationToken.None);
            await File.WriteAllTextAsync(podFile, "");
            await Ip.Runner.RunCheckedAsync("mount", ["--bind", Path.Combine(NetnsAttachments.RunDirectory, backing), podFile], CancellationToken.None);
            var resolver = new NetnsDirectoryPodResolver(directory.FullName, Ip, new RecordingLogger<NetnsDirectoryPodResolver>());

            Assert.Equal(attached, await resolver.ResolveAsync("my-pod", CancellationToken.None));
            Assert.Equal(attached, await resolver.ResolveAsync("my-pod", CancellationToken.None));

            Assert.Equal(await IdentityAsync(Path.Combine(NetnsAttachments.RunDirectory, backing)), await IdentityAsync(Path.Combine(NetnsAttachments.RunDirectory, attached)));
            Assert.Equal(1, await MountCountAsync(Path.Combine(NetnsAttachments.RunDirectory, attached)));
            // Usable with ip -n: a link made through the derived name is in the backing namespace.
            await Ip.RunCheckedAsync(attached, ["link", "add", "dq0", "type", "veth", "peer", "name", "dq1"], CancellationToken.None);
            Assert.True(await new IpLinks(Ip).ExistsAsync(backing, "dq0", CancellationToken.None));
        }
        finally
        {
            await attachments.ReleaseAsync(attached, CancellationToken.None);
            await Ip.Runner.RunAsync("umount", [podFile], CancellationToken.None);
            directory.Delete(recursive: true);
            await namespaces.DeleteAsync(backing, CancellationToken.None);
        }
        Assert.False(File.Exists(Path.Combine(NetnsAttachments.RunDirectory, attached)));
    }

    [Fact]
    public async Task The_cri_resolver_finds_no_pod_when_crictl_lists_no_ready_sandbox()
    {
        using var crictl = new FakeCrictl(RecordedCrictl.NoPods, RecordedCrictl.Inspect);
        var resolver = new CriPodResolver("default", Ip, new RecordingLogger<CriPodResolver>(), crictl.Executable);

        Assert.Null(await resolver.ResolveAsync("my-pod", CancellationToken.None));

        Assert.Equal(["pods --name my-pod --namespace default --state ready -o json"], crictl.Calls);
    }

    [Fact]
    public async Task The_cri_resolver_ignores_sandboxes_that_are_not_ready_host_network_pods_and_bad_names()
    {
        var notReady = RecordedCrictl.Pods.Replace("\"SANDBOX_READY\"", "\"SANDBOX_NOTREADY\"", StringComparison.Ordinal);
        using (var crictl = new FakeCrictl(notReady, RecordedCrictl.Inspect))
        {
            Assert.Null(await new CriPodResolver("default", Ip, new RecordingLogger<CriPodResolver>(), crictl.Executable).ResolveAsync("my-pod", CancellationToken.None));
            Assert.Single(crictl.Calls); // never inspected
        }
        using (var crictl = new FakeCrictl(RecordedCrictl.Pods, RecordedCrictl.InspectHostNetwork))
        {
            var logger = new RecordingLogger<CriPodResolver>();
            Assert.Null(await new CriPodResolver("default", Ip, logger, crictl.Executable).ResolveAsync("my-pod", CancellationToken.None));
            Assert.Equal($"inspectp {RecordedCrictl.ReadyId} -o json", crictl.Calls[1]);
            Assert.Contains(logger.Messages, m => m.Contains("host network", StringComparison.Ordinal));
        }
        using (var crictl = new FakeCrictl(RecordedCrictl.Pods, RecordedCrictl.Inspect))
        {
            Assert.Null(await new CriPodResolver("default", Ip, new RecordingLogger<CriPodResolver>(), crictl.Executable).ResolveAsync("--all", CancellationToken.None));
            Assert.Empty(crictl.Calls);
        }
    }

    [NetworkFact]
    public async Task The_cri_resolver_names_the_sandboxes_network_namespace_by_its_pid()
    {
        NetworkFactAttribute.RequirePrerequisites();
        var namespaces = new NetworkNamespaces(Ip);
        var sandboxNetns = $"dtr-cri-{_suffix}";
        var podNamespace = $"test-{_suffix}";
        var attached = NetnsAttachments.DeriveName($"{podNamespace}/my-pod");
        Process? pause = null;
        try
        {
            await namespaces.CreateAsync(sandboxNetns, CancellationToken.None);
            // The "pause" process of the sandbox: ip execs sleep in the namespace, keeping the pid.
            pause = Process.Start("ip", ["netns", "exec", sandboxNetns, "sleep", "30"]);
            var expected = await IdentityAsync(Path.Combine(NetnsAttachments.RunDirectory, sandboxNetns));
            await Eventually.Until(() => IdentityAsync($"/proc/{pause.Id}/ns/net"), identity => identity == expected, TimeSpan.FromSeconds(5),
                $"the pause process in {sandboxNetns}", TimeSpan.FromMilliseconds(20));
            using var crictl = new FakeCrictl(
                RecordedCrictl.Pods.Replace("\"default\"", $"\"{podNamespace}\"", StringComparison.Ordinal),
                RecordedCrictl.Inspect.Replace("48213", pause.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            var resolver = new CriPodResolver(podNamespace, Ip, new RecordingLogger<CriPodResolver>(), crictl.Executable);

            Assert.Equal(attached, await resolver.ResolveAsync("my-pod", CancellationToken.None));
            Assert.Equal(attached, await resolver.ResolveAsync("my-pod", CancellationToken.None));

            Assert.Equal(expected, await IdentityAsync(Path.Combine(NetnsAttachments.RunDirectory, attached)));
            Assert.Equal(1, await MountCountAsync(Path.Combine(NetnsAttachments.RunDirectory, attached)));
            Assert.Contains($"inspectp {RecordedCrictl.ReadyId} -o json", crictl.Calls);
        }
        finally
        {
            if (pause is { HasExited: false })
            {
                pause.Kill();
                await pause.WaitForExitAsync();
            }
            pause?.Dispose();
            await new NetnsAttachments(Ip, new RecordingLogger<NetnsAttachments>()).ReleaseAsync(attached, CancellationToken.None);
            await namespaces.DeleteAsync(sandboxNetns, CancellationToken.None);
        }
    }

    private static async Task<string> IdentityAsync(string path) =>
        (await Ip.Runner.RunAsync("stat", ["-L", "-c", "%d:%i", path], CancellationToken.None)).Stdout.Trim();

    /// <summary>Mounts on <paramref name="path"/> (mountinfo spells /var/run as /run, where it points).</summary>
    private static async Task<int> MountCountAsync(string path)
    {
        var real = path.StartsWith("/var/run/", StringComparison.Ordinal) ? path["/var".Length..] : path;
        return (await File.ReadAllLinesAsync("/proc/self/mountinfo")).Count(line => line.Split(' ')[4] is var mountPoint && (mountPoint == path || mountPoint == real));
    }
}
