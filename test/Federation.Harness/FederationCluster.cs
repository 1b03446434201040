using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Harness;

/// <summary>
/// N <see cref="FederationNode"/>s in one process sharing one federation port (each listens on its own alias), and
/// one domain: node 0 creates it, the others join through node 0's gateway.
/// </summary>
public sealed class FederationCluster : IAsyncDisposable
{
    public const string DomainName = "mydomain";

    private readonly SemaphoreSlim _changed = new(0);

    private FederationCluster(IReadOnlyList<FederationNode> nodes)
    {
        Nodes = nodes;
        foreach (var node in nodes)
        {
            node.Objects.Changed += _ => Signal();
        }
    }

    public IReadOnlyList<FederationNode> Nodes { get; }

    public FederationNode Creator => Nodes[0];

    public IEnumerable<FederationNode> Joiners => Nodes.Skip(1);

    /// <param name="nodeName">The name of node <c>i</c> (by default <c>node{i}.example.org</c>).</param>
    public static async Task<FederationCluster> StartAsync(int size, FederationSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken,
        Func<int, string>? nodeName = null)
    {
        var port = FederationTcpPorts.Next();
        var starting = Enumerable.Range(0, size).Select(i => FederationNode.StartAsync(i, port, settings, loggerFactory, cancellationToken, nodeName?.Invoke(i))).ToList();
        try
        {
            return new FederationCluster(await Task.WhenAll(starting));
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>Creates the domain on the creator; returns its invite token.</summary>
    public async Task<string> CreateDomainAsync(CancellationToken cancellationToken)
    {
        var domain = await Creator.CreateDomainAsync(DomainName, cancellationToken);
        return domain.InviteToken ?? throw new InvalidOperationException($"the creator's dtDomain is {domain.Status}: {domain.Message}");
    }

    public Task<DtDomain> JoinAsync(FederationNode node, string inviteToken, CancellationToken cancellationToken) =>
        node.JoinAsync(DomainName, Creator.GatewayAddress, inviteToken, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds, checking after every change to any node's objects; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!condition())
        {
            try
            {
                // Changes release the semaphore (none is lost); the short wait also re-checks what is not in a store, such as the overlays.
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return condition();
            }
        }
        return true;
    }

    /// <summary>Whether every node in <paramref name="nodes"/> holds the same list as the creator, with the dtDomain's peers and the dtPeers to match.</summary>
    public bool Agree(IEnumerable<FederationNode> nodes)
    {
        var expected = Creator.View(DomainName);
        return nodes.All(node =>
        {
            var view = node.View(DomainName);
            var others = expected.MemberIds.Where(id => id != node.Id).ToList();
            return view.Version == expected.Version && view.MemberIds.SequenceEqual(expected.MemberIds) &&
                view.Peers.SequenceEqual(others) && view.PeerObjects.SequenceEqual(others);
        });
    }

    /// <summary>Whether <paramref name="nodes"/> agree (<see cref="Agree"/>) and every dtPeer they hold of the domain shows connected.</summary>
    public bool Settled(IReadOnlyCollection<FederationNode> nodes) =>
        Agree(nodes) && nodes.All(node => node.Objects.Peers().Where(p => p.DtDomain == DomainName).All(p => p.Connected == true));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(node => node.DisposeAsync().AsTask()));
        _changed.Dispose();
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            _changed.Release();
        }
    }
}
