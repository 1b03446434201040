using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Three silos where node2 calls itself node0.example.org (the creator's own name): node0 has created mydomain and
/// node1 has joined it; node2 has not tried yet. Shared by one test class.
/// </summary>
public sealed class HostileMemberFixture : IAsyncLifetime
{
    public const string Domain = "mydomain";
    public const string StolenName = "node0.example.org";

    private SiloTopology? _topology;

    public SiloTopology Topology => _topology ?? throw new InvalidOperationException("the topology was not built (prerequisites missing)");

    /// <summary>node0's invite token.</summary>
    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        // The last --node-name wins: node2's comes after the harness's own.
        _topology = await SiloTopology.StartAsync(3, index => index == 2 ? new SiloVariant(["--node-name", StolenName], []) : null);
        var (creator, member) = (_topology[0], _topology[1]);
        Token = await creator.CreateDomainAsync(Domain, CancellationToken.None);
        await member.ApplyJoinAsync(Domain, creator.JoinAddress(), Token, CancellationToken.None);
        if ((await member.WaitForJoinOutcomeAsync(Domain, final: true)).String("status") != "Ready")
        {
            throw new InvalidOperationException($"{member.NodeName} did not join:\n{member.Output}");
        }
        await creator.WaitUntilConnectedAsync(1, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}
