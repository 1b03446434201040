namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// A <see cref="NodeNetwork"/> with one real silo per node and a temporary folder for their data and kubectl homes.
/// Disposing stops every silo, removes every namespace and the folder, even when starting failed half-way.
/// </summary>
public sealed class SiloTopology : IAsyncDisposable
{
    private readonly List<NetnsSilo> _silos = [];

    private SiloTopology(NodeNetwork network, string root)
    {
        Network = network;
        Root = root;
    }

    public NodeNetwork Network { get; }

    /// <summary>The temporary folder holding node<i>/data and node<i>/home.</summary>
    public string Root { get; }

    public IReadOnlyList<NetnsSilo> Silos => _silos;

    public NetnsSilo this[int index] => _silos[index];

    /// <summary>Takes <paramref name="silo"/>'s node off the bridge (<c>down</c>) or puts it back (<c>up</c>): a partition, inside its namespace.</summary>
    public Task SetLinkAsync(NetnsSilo silo, string state) =>
        Network.Ip.RunCheckedAsync(silo.Node.Netns, ["link", "set", NodeNetwork.NodeInterface, state], CancellationToken.None);

    /// <summary>Starts <paramref name="nodeCount"/> silos; <paramref name="variant"/> changes how the silo of a node index is started.</summary>
    public static async Task<SiloTopology> StartAsync(int nodeCount, Func<int, SiloVariant?>? variant = null)
    {
        var network = await NodeNetwork.CreateAsync(nodeCount);
        var topology = new SiloTopology(network, Path.Combine(Path.GetTempPath(), $"dtaas-topology-{network.Id}"));
        try
        {
            // Started together: each waits mostly on its own start-up, which keeps a three-node start short.
            var starts = network.Nodes
                .Select(node => NetnsSilo.StartAsync(network, node, Path.Combine(topology.Root, $"node{node.Index}"), variant?.Invoke(node.Index)))
                .ToList();
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                topology._silos.AddRange(starts.Where(start => start.IsCompletedSuccessfully).Select(start => start.Result));
            }
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        await Network.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
