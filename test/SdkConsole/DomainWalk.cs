using System.Threading.Channels;
using Dtaas.Client;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Peers;
using Orleans;

namespace Dtaas.SdkConsole;

/// <summary>
/// The console's "domain" (issue 23's console test on a federated node), one line per step:
/// <c>kinds dtdomains=N …</c> (every kind listed); <c>domain &lt;name&gt; &lt;status&gt; peers &lt;ids&gt;</c> and a
/// <c>peer &lt;id&gt; &lt;name&gt; connected=&lt;bool&gt; latency=&lt;latency&gt;</c> per peer; a dtApp published through its
/// grain (<c>domain-refused 422 &lt;the API's message&gt;</c> for a join without a token, then <c>published &lt;status&gt; &lt;uri&gt;</c>, once the node gave it its URI); then, subscribed, it writes
/// <paramref name="readyFile"/> and prints <c>peer-lost &lt;id&gt; &lt;unix ms&gt;</c> and <c>peer-back &lt;id&gt; &lt;unix ms&gt;</c>
/// when the watched member's dtPeer turns <c>connected: false</c> and then true; last <c>refused &lt;call&gt; &lt;message&gt;</c>
/// for each internal call it tries. Returns 0 when all of that happened, 1 otherwise (a minute at most per wait).
/// </summary>
internal sealed class DomainWalk(string domain, string watchedNodeId, string readyFile, string app, string service, string @namespace) : IObjectObserver
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private static readonly string[] Kinds = ["dtdomains", "dtpeers", "dtapps", "dtservices", "dtservables", "dtusers", "dttrusts"];

    private readonly Channel<ObjectChange> _changes = Channel.CreateUnbounded<ObjectChange>();

    public void OnChanged(ObjectChange change) => _changes.Writer.TryWrite(change);

    public async Task<int> RunAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var node = grains.GetGrain<INodeGrain>(INodeGrain.Self);
        var counts = new List<string>();
        foreach (var kind in Kinds)
        {
            counts.Add($"{kind}={(await node.ListObjects(kind)).Count}");
        }
        Console.WriteLine($"kinds {string.Join(' ', counts)}");

        var read = await grains.GetGrain<IDtDomainGrain>($"{@namespace}/{domain}").Get();
        Console.WriteLine($"domain {domain} {read?.Status} peers {string.Join(',', read?.Peers ?? [])}");
        foreach (var id in read?.Peers ?? [])
        {
            var peer = await grains.GetGrain<IDtPeerGrain>($"{@namespace}/{id}").Get();
            Console.WriteLine($"peer {id} {peer?.Name} connected={peer?.Connected} latency={peer?.Latency}");
        }

        // A join without the creator's token: the API's own refusal, as kubectl gets it.
        var refused = await grains.GetGrain<IDtDomainGrain>($"{@namespace}/{domain}-untokened")
            .Apply(new DtDomain { Spec = new DtDomainSpec { Peer = new DtDomainPeer { Address = "node9.example.org" } } }, cancellationToken);
        Console.WriteLine($"domain-refused {refused.Status} {refused.Message}");
        var published = refused.Status == 422 && await PublishAsync(grains, cancellationToken);

        using var inOrder = new InOrderObserver(this);
        await using var subscription = await ObjectSubscription.StartAsync(grains, inOrder);
        await File.WriteAllTextAsync(readyFile, "subscribed\n", cancellationToken);
        var lost = await PeerTurnsAsync(connected: false, cancellationToken);
        var back = lost && await PeerTurnsAsync(connected: true, cancellationToken);

        var refusals = 0;
        foreach (var (call, attempt) in new (string, Func<Task>)[]
        {
            ("IDtDomainGrain.Reconcile", () => grains.GetGrain<IDtDomainGrain>($"{@namespace}/{domain}").Reconcile(cancellationToken)),
            ("IDtDomainGrain.Standing", () => grains.GetGrain<IDtDomainGrain>($"{@namespace}/{domain}").Standing(watchedNodeId, cancellationToken)),
        })
        {
            try
            {
                await attempt();
                Console.WriteLine($"allowed {call}");
            }
            catch (UnauthorizedAccessException e)
            {
                refusals++;
                Console.WriteLine($"refused {call} {e.Message}");
            }
        }
        return published && lost && back && refusals == 2 ? 0 : 1;
    }

    private async Task<bool> PublishAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IDtAppGrain>($"{@namespace}/{app}");
        var written = await grain.Apply(new DtApp
        {
            ServiceSelector = new DtAppServiceSelector { Name = service },
            DomainSelector = new DtAppDomainSelector { Name = [domain] },
            Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None },
        }, cancellationToken);
        if (!written.Succeeded)
        {
            Console.WriteLine($"published {written.Status} {written.Message}");
            return false;
        }
        // The node gives the app its id and URI when it reconciles the write, as after kubectl apply.
        var deadline = DateTimeOffset.UtcNow + Patience;
        string? uri;
        while ((uri = (await grain.Get())?.Uri) is null)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Console.WriteLine($"published {written.Status} no URI within a minute");
                return false;
            }
            await Task.Delay(50, cancellationToken);
        }
        Console.WriteLine($"published {written.Status} {uri}");
        return true;
    }

    private async Task<bool> PeerTurnsAsync(bool connected, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(patience.Token))
            {
                if (change is { Kind: "dtpeers", Object: DtPeer peer } && peer.Metadata.Name == watchedNodeId && peer.Connected == connected)
                {
                    Console.WriteLine($"{(connected ? "peer-back" : "peer-lost")} {watchedNodeId} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"dtPeer {watchedNodeId} did not turn connected={connected} within a minute");
        }
        return false;
    }
}
