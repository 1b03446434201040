using System.Reflection;
using System.Threading.Channels;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Utilities;

namespace Dtaas.Grains.Node;

/// <summary>
/// Reports this node's identity (from the silo's <see cref="NodeDescription"/>), the keys of its objects (from the
/// informer caches) and their changes to subscribers. The grain has one activation on one of the node's silos; every
/// silo's caches see every change, so the activation hears all of them where it lives and calls each subscriber once.
/// </summary>
public sealed class NodeGrain(NodeDescription node, ILocalObjects objects, IObjectChanges changes,
    [FromKeyedServices(GrainClock.Key)] TimeProvider clock, ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    private static readonly string Version =
        typeof(NodeGrain).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    private readonly ObserverManager<IObjectObserver> _observers = new(TimeSpan.FromSeconds(INodeGrain.SubscriptionLifetimeSeconds), logger)
    {
        GetDateTime = () => clock.GetUtcNow().UtcDateTime,
    };

    // Set while the activation listens (from its first subscriber on): the feed writes, the activation delivers.
    private IDisposable? _listening;
    private ChannelWriter<ObjectChange>? _pending;
    private Task _delivering = Task.CompletedTask;
    // Starts from the clock's ticks, so an activation after this one numbers its changes higher.
    private long _sequence;

    public Task<NodeInfo> GetInfo() => Task.FromResult(new NodeInfo(node.Id, node.Name, Version, node.StartedAt));

    public Task<IReadOnlyList<string>> ListObjects(string kind)
    {
        IEnumerable<IKubernetesObject> listed = kind switch
        {
            "dtdomains" => objects.Domains(),
            "dtpeers" => objects.Peers(),
            "dtapps" => objects.Apps(),
            "dtservices" => objects.Services(),
            "dtservables" => objects.Servables(),
            "dtusers" => objects.Users(),
            "dttrusts" => objects.Trusts(),
            _ => throw new ArgumentException($"'{kind}' is not a kind of DTaaS object: use dtdomains, dtpeers, dtapps, dtservices, dtservables, dtusers or dttrusts", nameof(kind)),
        };
        return Task.FromResult<IReadOnlyList<string>>([.. listed.Select(ObjectKeys.Of).Order(StringComparer.Ordinal)]);
    }

    public Task Subscribe(IObjectObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.ClearExpired();
        if (_observers.Count >= INodeGrain.MaxSubscriptions && !_observers.Observers.ContainsKey(observer))
        {
            throw new InvalidOperationException($"this node keeps at most {INodeGrain.MaxSubscriptions} subscriptions: unsubscribe observers no longer used, or let them expire");
        }
        if (_listening is null)
        {
            var pending = Channel.CreateUnbounded<ObjectChange>(new UnboundedChannelOptions { SingleReader = true });
            _pending = pending.Writer;
            _sequence = clock.GetUtcNow().UtcTicks;
            _listening = changes.Listen(change => pending.Writer.TryWrite(change));
            // Started from a grain call, it continues on this activation's scheduler: each delivery is a turn of the grain.
            _delivering = DeliverAsync(pending.Reader);
        }
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IObjectObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _listening?.Dispose();
        _pending?.TryComplete();
        await _delivering;
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task DeliverAsync(ChannelReader<ObjectChange> pending)
    {
        while (await pending.WaitToReadAsync())
        {
            while (pending.TryRead(out var seen))
            {
                var change = seen with { Sequence = ++_sequence };
                // One-way calls; expired subscriptions are dropped first.
                _observers.Notify(observer => observer.OnChanged(change));
            }
        }
    }
}
