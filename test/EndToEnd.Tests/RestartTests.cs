using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

[Collection(nameof(EndToEndCollection))]
public sealed class RestartTests : IAsyncLifetime
{
    private const string Later = "later";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dtaas-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private SiloProcess? _silo;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        Directory.Delete(_root, recursive: true);
    }

    [KubectlFact]
    public async Task After_kill_9_and_restart_every_object_and_the_node_identity_are_unchanged()
    {
        var data = Path.Combine(_root, "data");
        _silo = await SiloProcess.StartAsync(data);
        var kubectl = new Kubectl(_silo.Kubeconfig, Path.Combine(_root, "home"));
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtdomain.yaml"))).ExitCode);
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "example-service.yaml"))).ExitCode);
        await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", "mydomain", "-o", "jsonpath={.status}"), r => r.Stdout == "Ready");
        var before = await Snapshot(kubectl);
        var identity = File.ReadAllText(Path.Combine(data, "node.json"));

        _silo.KillHard();
        _silo = await SiloProcess.StartAsync(data, _silo.ApiPort, _silo.GatewayPort);

        Assert.Equal(identity, File.ReadAllText(Path.Combine(data, "node.json")));
        // The restarted node has reconciled what it had: the dtDomain queue, first filled with what was there at the
        // start, has reached a dtDomain made after the restart. Nothing it owned may have changed.
        var later = Path.Combine(_root, "later.yaml");
        File.WriteAllText(later, File.ReadAllText(Path.Combine(RepositoryRoot.Examples, "dtdomain.yaml")).Replace("name: mydomain", $"name: {Later}"));
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", later)).ExitCode);
        await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", Later, "-o", "jsonpath={.status}"), r => r.Stdout == "Ready",
            what: $"dtDomain {Later} Ready after the restart");
        Assert.Equal(before, await Snapshot(kubectl, except: Later));
    }

    /// <summary>The dtDomains, Services and Endpoints as kubectl shows them, but for those named <paramref name="except"/>.</summary>
    private static async Task<string> Snapshot(Kubectl kubectl, string? except = null)
    {
        var result = await kubectl.RunAsync("get", "dtdomains,services,endpoints", "-o",
            "jsonpath={range .items[*]}{.kind}/{.metadata.name} uid={.metadata.uid} rv={.metadata.resourceVersion} token={.inviteToken} status={.status}{\"\\n\"}{end}");
        Assert.True(result.ExitCode == 0, result.ToString());
        return string.Join('\n', result.Stdout.Split('\n').Where(line => except is null || !line.Contains($"/{except} ", StringComparison.Ordinal)));
    }
}
