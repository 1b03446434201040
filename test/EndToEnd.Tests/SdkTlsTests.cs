using Dtaas.Client;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The client gateway beyond loopback: node0 listens on every address of its namespace, so it speaks TLS and wants the
/// client certificate it issued; the SDK console runs in node1's namespace and dials node0's address. With the node's
/// certificate it calls the node grain; without one, or with a certificate another node issued, it is refused at
/// connect and told why. node2 listens on every address but advertises loopback: its client.json says TLS is required,
/// so a client on its machine dialling the loopback address it names still uses TLS (it used to dial in cleartext).
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class SdkTlsTests : IAsyncLifetime
{
    private SiloTopology? _topology;

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        _topology = await SiloTopology.StartAsync(3, index => index switch
        {
            0 => new SiloVariant(["--client-listen", $"0.0.0.0:{NetnsSilo.ClientPort}"], []),
            2 => new SiloVariant(["--client-listen", $"0.0.0.0:{NetnsSilo.ClientPort}", "--advertise-address", "127.0.0.1"], []),
            _ => null,
        });
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }

    [NamespaceFact]
    public async Task A_client_in_another_namespace_with_the_nodes_certificate_calls_the_node_over_tls()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var node0 = _topology![0];
        Assert.True(File.Exists(Path.Combine(node0.DataDirectory, "sdk", SdkCertificates.ClientFile)));

        var result = await RunConsoleInNode1Async(node0.DataDirectory);

        Assert.True(result.ExitCode == 0, $"{result.Stdout}{result.Stderr}\nsilo:\n{node0.Output}");
        Assert.Equal($"node {node0.NodeId} node0.example.org", result.Stdout.Trim());
    }

    [NamespaceFact]
    public async Task A_client_without_a_certificate_is_refused_at_connect_with_what_it_needs()
    {
        NamespaceFactAttribute.RequirePrerequisites();

        var result = await RunConsoleInNode1Async(_topology![0].DataDirectory, "--no-certificates");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("requires TLS with the node's client certificate", result.Stderr);
    }

    [NamespaceFact]
    public async Task A_certificate_another_node_issued_is_refused()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var node0 = _topology![0];
        var foreign = Directory.CreateTempSubdirectory("dtaas-foreign-sdk-").FullName;
        try
        {
            var other = SdkCertificates.Create("ffffffffffffffffffffffffffffffff").Export();
            await File.WriteAllBytesAsync(Path.Combine(foreign, SdkCertificates.ClientFile), other[SdkCertificates.ClientFile]);
            // The node's own authority, so the client accepts the gateway and the gateway alone decides.
            File.Copy(Path.Combine(node0.DataDirectory, "sdk", SdkCertificates.AuthorityFile), Path.Combine(foreign, SdkCertificates.AuthorityFile));

            var result = await RunConsoleInNode1Async(node0.DataDirectory, "--certificates", foreign);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("this client gateway requires the node's SDK client certificate", result.Stderr);
        }
        finally
        {
            Directory.Delete(foreign, recursive: true);
        }
    }

    [NamespaceFact]
    public async Task A_gateway_on_every_address_advertising_loopback_is_dialled_with_tls()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var node2 = _topology![2];
        Assert.Contains("\"tls\": true", await File.ReadAllTextAsync(Path.Combine(node2.DataDirectory, ClientFile.Name)));

        var result = await _topology.Network.ExecAsync(2, "dotnet", [SdkClientTests.ConsoleDll, node2.DataDirectory]);

        Assert.True(result.ExitCode == 0, $"{result.Stdout}{result.Stderr}\nsilo:\n{node2.Output}");
        Assert.Equal($"node {node2.NodeId} node2.example.org", result.Stdout.Trim());
    }

    private Task<Dtaas.WireGuard.Netns.ProcessResult> RunConsoleInNode1Async(params string[] args) =>
        _topology!.Network.ExecAsync(1, "dotnet", [SdkClientTests.ConsoleDll, .. args]);
}
