using System.Text.Json;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// A creator whose machine cannot make WireGuard interfaces (wireguard-go not on its PATH, the userspace backend chosen
/// so a kernel module cannot stand in): it says so at start, its dtDomain is Failed naming what to install, a joiner is
/// told the same and retries, a dtService says it too; once wireguard-go appears all of them recover by themselves.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class NoWireGuardTests : IAsyncLifetime
{
    private const string Domain = "nowg";
    private const string Missing = "cannot create WireGuard interfaces: wireguard-go not found (--wireguard-backend userspace); install wireguard-go";

    /// <summary>The only directory of node0's PATH that could hold wireguard-go; empty until the test puts it there.</summary>
    private readonly string _bin = Directory.CreateTempSubdirectory("dtaas-nowg-").FullName;
    private SiloTopology? _topology;

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        var withoutWireGuard = new SiloVariant(["--wireguard-backend", "userspace"], [$"PATH=/usr/sbin:/sbin:/usr/share/dotnet:{_bin}"]);
        _topology = await SiloTopology.StartAsync(2, index => index == 0 ? withoutWireGuard : null);
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
        Directory.Delete(_bin, recursive: true);
    }

    [NamespaceFact]
    public async Task The_creator_says_what_to_install_the_joiner_is_told_and_both_recover_once_wireguard_go_is_there()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (creator, joiner) = (_topology![0], _topology[1]);
        Assert.Contains($"WireGuard: {Missing}", creator.Output);
        Assert.True(joiner.Output.Contains("WireGuard: new interfaces use the", StringComparison.Ordinal), joiner.Output);

        await creator.ApplyManifestAsync($"dtdomain-{Domain}", $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtDomain\nmetadata:\n  name: {Domain}\n", CancellationToken.None);
        var failed = (await Eventually.Until(() => creator.GetAsync("dtdomain", Domain), d => d?.String("status") == "Failed",
            what: "the creator's dtDomain Failed"))!.Value;
        Assert.Equal(Missing, failed.String("message"));
        var events = JsonDocument.Parse(await creator.KubectlCheckedAsync("get", "events", "-o", "json")).RootElement.GetProperty("items");
        Assert.Contains(events.EnumerateArray(), e => e.String("reason") == "OverlayUnavailable" && e.String("type") == "Warning" &&
            e.GetProperty("involvedObject").String("name") == Domain);

        await creator.ApplyManifestAsync("dtservice-nowg", $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtService\nmetadata:\n  name: nowg\n" +
            $"spec:\n  domainSelector: {Domain}\n  podSelector: nopod\n", CancellationToken.None);
        await Eventually.Until(() => creator.GetAsync("dtservice", "nowg"), d => d?.String("status") == "Failed" && d?.String("message") == Missing,
            what: "the dtService Failed naming the missing wireguard-go");

        await joiner.ApplyJoinAsync(Domain, creator.JoinAddress(), failed.String("inviteToken")!, CancellationToken.None);
        var told = (await Eventually.Until(() => joiner.GetAsync("dtdomain", Domain), d => d?.String("message")?.Contains(Missing) == true,
            TimeSpan.FromSeconds(30), what: "the joiner's dtDomain naming the creator's missing wireguard-go"))!.Value;
        Assert.Equal("Failed", told.String("status"));
        Assert.Contains("trying again", told.String("message"));
        Assert.DoesNotContain("500", told.String("message"));

        File.CreateSymbolicLink(Path.Combine(_bin, "wireguard-go"), WireGuardGo());
        await Eventually.Until(() => creator.GetAsync("dtdomain", Domain), d => d?.String("status") == "Ready" && d?.String("message") is null,
            TimeSpan.FromSeconds(20), what: "the creator's dtDomain Ready again by itself");
        await Eventually.Until(() => joiner.GetAsync("dtdomain", Domain), d => d?.String("status") == "Ready",
            TimeSpan.FromSeconds(30), what: "the joiner's retry admitted");
        // The dtService gets past WireGuard to its next problem: this node has no such pod.
        await Eventually.Until(() => creator.GetAsync("dtservice", "nowg"), d => d?.String("message")?.Contains("pod nopod not found") == true,
            TimeSpan.FromSeconds(20), what: "the dtService past the missing wireguard-go");
        await creator.WaitUntilConnectedAsync(1, TimeSpan.FromSeconds(30));
        await joiner.WaitUntilConnectedAsync(1, TimeSpan.FromSeconds(30));
    }

    private static string WireGuardGo() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "wireguard-go")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("wireguard-go is not on the test's PATH");
}
