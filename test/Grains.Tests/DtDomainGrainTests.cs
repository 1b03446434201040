using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Grains.Tests;

/// <summary>The dtDomain grain in the real runtime, over in-memory storage standing in for the Kubernetes store.</summary>
public sealed class DtDomainGrainTests : IAsyncLifetime
{
    private readonly NodeDescription _node = new("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, Bytes32.Random().ToBase64());
    private readonly RecordedEvents _events = new();
    private IHost _host = null!;

    private IGrainStorage Store => _host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Kubernetes);
    private IDtDomainGrain Grain => _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IDtDomainGrain>("default/mydomain");
    private static GrainId Id => new(typeof(IDtDomainGrain).FullName!, "default/mydomain");

    public async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(_node);
        builder.Services.AddSingleton<IEventRecorder>(_events);
        builder.Services.AddGrainRuntime(r => r.AddGrain<IDtDomainGrain, DtDomainGrain>()
            .AddSerializerContext(KubernetesJsonContext.Default)
            .UseMemoryStorage(StorageNames.Kubernetes));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private async Task<StoredDomain> Stored()
    {
        var state = new StoredDomain();
        await Store.ReadStateAsync("object", Id, state, default);
        return state;
    }

    [Fact]
    public async Task Reconcile_writes_the_token_once_and_then_leaves_the_object_alone()
    {
        var created = new StoredDomain { State = new DtDomain { Metadata = new ObjectMeta { Name = "mydomain", Namespace = "default", Uid = Guid.NewGuid().ToString() } } };
        await Store.WriteStateAsync("object", Id, created, default);

        await Grain.Reconcile(default);
        var first = await Stored();
        Assert.Equal(DtDomainStatus.Ready, first.State.Status);
        Assert.NotNull(first.State.InviteToken);

        await Grain.Reconcile(default);
        var second = await Stored();
        Assert.Equal(first.ETag, second.ETag); // no second write
        Assert.Equal(["Normal InviteTokenIssued"], _events.Lines);
    }

    [Fact]
    public async Task A_refused_join_is_a_warning_event_once()
    {
        var joining = new StoredDomain
        {
            State = new DtDomain
            {
                Metadata = new ObjectMeta { Name = "mydomain", Namespace = "default", Uid = Guid.NewGuid().ToString() },
                Spec = new DtDomainSpec { Peer = new DtDomainPeer { Address = "10.0.0.1", InviteToken = "nope" } },
            },
        };
        await Store.WriteStateAsync("object", Id, joining, default);

        await Grain.Reconcile(default);
        await Grain.Reconcile(default);

        Assert.Equal(DtDomainStatus.Failed, (await Stored()).State.Status);
        Assert.Equal(["Warning JoinRefused"], _events.Lines);
    }

    private sealed class RecordedEvents : IEventRecorder
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();
        public IEnumerable<string> Lines => _lines;

        public Task RecordAsync(IKubernetesObject subject, EventKind kind, string reason, string message, CancellationToken cancellationToken)
        {
            _lines.Enqueue($"{kind} {reason}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_deleted_object_is_not_recreated()
    {
        await Grain.Reconcile(default);
        Assert.False((await Stored()).RecordExists);
    }

    private sealed class StoredDomain : IGrainState<DtDomain>
    {
        public DtDomain State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
