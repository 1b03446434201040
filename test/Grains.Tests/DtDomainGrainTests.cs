using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>The dtDomain grain in an Orleans silo, over Orleans' in-memory storage standing in for the Kubernetes store.</summary>
public sealed class DtDomainGrainTests : IAsyncLifetime
{
    private readonly NodeDescription _node = new("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, Bytes32.Random().ToBase64());
    private readonly RecordedEvents _events = new();
    private readonly RecordingOverlay _overlay = new();
    private readonly ScriptedJoinTransport _joins = new();
    private readonly ListedObjects _objects = new();
    private readonly ManualTimeProvider _clock = new();
    private InProcessTestCluster _cluster = null!;

    private IGrainStorage Store => _cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Kubernetes);
    private IDtDomainGrain Grain => _cluster.Client.GetGrain<IDtDomainGrain>("default/mydomain");
    private GrainId Id => Grain.GetGrainId();

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(_node)
            .AddKeyedSingleton<TimeProvider>(GrainClock.Key, _clock)
            .AddSingleton<IEventRecorder>(_events)
            .AddSingleton(new FederationSettings("10.0.0.1", 51820))
            .AddSingleton<IOverlayNetwork>(_overlay)
            .AddSingleton<IWireGuardSupport>(_overlay)
            .AddSingleton<IJoinTransport>(_joins)
            .AddSingleton<IFederationClient>(new UnreachableFederation())
            .AddSingleton<IJoinOpener>(new ScriptedJoinOpener())
            .AddSingleton<ILocalObjects>(_objects));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

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

    private const string CreatorId = "ffffffffffffffffffffffffffffffff";
    private static readonly Guid DomainUid = Guid.Parse("3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");

    private async Task<DtDomain> Joining(string token = "")
    {
        token = token.Length > 0 ? token : InviteToken.Issue(DomainUid, CreatorId, Bytes32.Random()).Encode();
        var joining = new StoredDomain
        {
            State = new DtDomain
            {
                Metadata = new ObjectMeta { Name = "mydomain", Namespace = "default", Uid = Guid.NewGuid().ToString() },
                Spec = new DtDomainSpec { Peer = new DtDomainPeer { Address = "10.0.0.5:8080", InviteToken = token } },
            },
        };
        await Store.WriteStateAsync("object", Id, joining, default);
        return joining.State;
    }

    private MemberList ListWith(JoinRequest request) => new(DomainUid, CreatorId, 2, "100.64.0.0/16",
    [
        new DomainMember(CreatorId, "node1.example.org", Bytes32.Random().ToBase64(), "10.0.0.5:51820", "100.64.0.1"),
        new DomainMember(request.NodeId, request.Name, request.PublicKey, request.Endpoint, "100.64.0.2"),
    ]);

    [Fact]
    public async Task A_join_the_creator_admits_makes_the_domain_ready_with_its_overlay_and_is_not_sent_again()
    {
        await Joining();
        _joins.Answer = request => JoinResult.Joined(ListWith(request));

        Assert.Null(await Grain.Reconcile(default));
        Assert.Null(await Grain.Reconcile(default));

        var stored = (await Stored()).State;
        Assert.Equal(DtDomainStatus.Ready, stored.Status);
        Assert.Equal([CreatorId], stored.Peers);
        Assert.Single(_joins.Sent);
        var (address, sent) = _joins.Sent[0];
        Assert.Equal("10.0.0.5:8080", address);
        Assert.Equal((_node.Id, _node.PublicKey, "10.0.0.1:51820"), (sent.NodeId, sent.PublicKey, sent.Endpoint));
        var overlay = _overlay.Current[DomainUid];
        Assert.Equal("100.64.0.2", overlay.Self.OverlayAddress);
        Assert.Equal([CreatorId], overlay.Peers.Select(p => p.NodeId));
        Assert.Contains("Normal Joined", _events.Lines);
    }

    [Fact]
    public async Task A_refused_join_fails_with_the_reason_and_is_not_retried_until_the_token_changes()
    {
        await Joining();
        _joins.Answer = _ => JoinResult.Refused("the creator refused: the invite token is used up (1 of 1 joins)");

        Assert.Null(await Grain.Reconcile(default));
        Assert.Null(await Grain.Reconcile(default));

        var failed = (await Stored()).State;
        Assert.Equal(DtDomainStatus.Failed, failed.Status);
        Assert.Contains("used up", failed.Message);
        Assert.Single(_joins.Sent);
        Assert.Empty(_overlay.Current);

        var retry = new StoredDomain { State = failed with { Spec = new DtDomainSpec { Peer = failed.Spec!.Peer! with { InviteToken = InviteToken.Issue(DomainUid, CreatorId, Bytes32.Random()).Encode() } } }, ETag = (await Stored()).ETag, RecordExists = true };
        await Store.WriteStateAsync("object", Id, retry, default);
        _joins.Answer = request => JoinResult.Joined(ListWith(request));
        await Grain.Reconcile(default);
        Assert.Equal(DtDomainStatus.Ready, (await Stored()).State.Status);
        Assert.Equal(2, _joins.Sent.Count);
    }

    [Fact]
    public async Task An_unreachable_creator_fails_for_now_and_is_tried_again()
    {
        await Joining();
        _joins.Answer = _ => JoinResult.Unreachable("cannot reach the creator's gateway at http://10.0.0.5:8080 (Connection refused)");

        var again = await Grain.Reconcile(default);

        Assert.Equal(TimeSpan.FromSeconds(10), again);
        var failed = (await Stored()).State;
        Assert.Equal(DtDomainStatus.Failed, failed.Status);
        Assert.Contains("trying again", failed.Message);

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(6), await Grain.Reconcile(default)); // woken early: no attempt, same pace
        Assert.Single(_joins.Sent);

        _clock.Advance(TimeSpan.FromSeconds(6));
        await Grain.Reconcile(default);
        Assert.Equal(2, _joins.Sent.Count);
        Assert.Empty(_overlay.Current);
    }

    [Fact]
    public async Task The_creator_admits_joins_with_distinct_addresses_counts_uses_and_refuses_past_the_limit()
    {
        var created = new StoredDomain
        {
            State = new DtDomain
            {
                Metadata = new ObjectMeta
                {
                    Name = "mydomain", Namespace = "default", Uid = DomainUid.ToString(),
                    Annotations = new Dictionary<string, string> { [InvitePolicy.MaxUsesAnnotation] = "2" },
                },
            },
        };
        await Store.WriteStateAsync("object", Id, created, default);
        await Grain.Reconcile(default);

        var first = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), default);
        var again = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), default);
        var second = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), default);
        var third = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes("cccccccccccccccccccccccccccccccc"), default);

        Assert.Equal((200, "2"), (first.StatusCode, System.Text.Encoding.UTF8.GetString(first.SealedReply!)));
        Assert.Equal(403, again.StatusCode); // the same node id with another key is someone else
        Assert.Contains("another key", again.Reason);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(403, third.StatusCode);
        Assert.Contains("used up", third.Reason);
        var stored = (await Stored()).State;
        var list = DomainAnnotations.ReadMemberList(stored)!;
        var prefix = list.OverlayNetwork[..list.OverlayNetwork.IndexOf(".0.0/16", StringComparison.Ordinal)];
        Assert.Equal([$"{prefix}.0.1", $"{prefix}.0.2", $"{prefix}.0.3"], list.Members.Select(m => m.OverlayAddress));
        Assert.Equal(2, DomainAnnotations.ReadUses(stored));
        Assert.Equal(2, _overlay.Current[DomainUid].Peers.Count);
    }

    [Fact]
    public async Task A_node_already_in_a_domain_on_the_same_overlay_network_is_refused_with_the_reason()
    {
        await Store.WriteStateAsync("object", Id, new StoredDomain
        {
            State = new DtDomain { Metadata = new ObjectMeta { Name = "mydomain", Namespace = "default", Uid = DomainUid.ToString() } },
        }, default);
        await Grain.Reconcile(default);
        var network = DomainAnnotations.ReadMemberList((await Stored()).State)!.OverlayNetwork;

        var clashing = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes($"dddddddddddddddddddddddddddddddd|100.127.0.0/16,{network}"), default);
        var elsewhere = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee|100.127.0.0/16"), default);

        Assert.Equal(409, clashing.StatusCode);
        Assert.Contains($"overlay network {network} is taken on node dddd.example.org", clashing.Reason);
        Assert.Equal(200, elsewhere.StatusCode);
        Assert.DoesNotContain(DomainAnnotations.ReadMemberList((await Stored()).State)!.Members, m => m.NodeId.StartsWith('d'));
    }

    [Fact]
    public async Task A_creator_that_cannot_make_wireguard_interfaces_is_Failed_saying_so_answers_503_admits_nobody_and_recovers_by_itself()
    {
        await Store.WriteStateAsync("object", Id, new StoredDomain
        {
            State = new DtDomain { Metadata = new ObjectMeta { Name = "mydomain", Namespace = "default", Uid = DomainUid.ToString() } },
        }, default);
        _overlay.Unavailable = "cannot create WireGuard interfaces: wireguard-go not found and no kernel module; install wireguard-go";

        var recheck = await Grain.Reconcile(default);
        var failed = (await Stored()).State;
        Assert.Equal(DtDomainStatus.Failed, failed.Status);
        Assert.Equal(_overlay.Unavailable, failed.Message);
        Assert.NotNull(failed.InviteToken); // handed out now, it works once the backend does
        Assert.NotNull(recheck);
        Assert.Contains(_events.Lines, line => line.StartsWith("Warning OverlayUnavailable", StringComparison.Ordinal));

        var refused = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), default);
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(_overlay.Unavailable, refused.Reason);
        Assert.Single(DomainAnnotations.ReadMemberList((await Stored()).State)!.Members); // the creator alone

        _overlay.Unavailable = null;
        Assert.Null(await Grain.Reconcile(default));
        var recovered = (await Stored()).State;
        Assert.Equal(DtDomainStatus.Ready, recovered.Status);
        Assert.Null(recovered.Message);
        Assert.Equal(failed.InviteToken, recovered.InviteToken);
        var admitted = await Grain.AnswerJoin(System.Text.Encoding.UTF8.GetBytes("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), default);
        Assert.Equal(200, admitted.StatusCode);
        Assert.Equal(2, DomainAnnotations.ReadMemberList((await Stored()).State)!.Members.Count);
    }

    [Fact]
    public async Task A_joiner_that_cannot_make_wireguard_interfaces_sends_nothing_says_why_and_joins_once_it_can()
    {
        await Joining();
        _joins.Answer = request => JoinResult.Joined(ListWith(request));
        _overlay.Unavailable = "cannot create WireGuard interfaces: wireguard-go not found and no kernel module; install wireguard-go";

        Assert.NotNull(await Grain.Reconcile(default));
        var failed = (await Stored()).State;
        Assert.Equal(DtDomainStatus.Failed, failed.Status);
        Assert.Contains(_overlay.Unavailable, failed.Message);
        Assert.Empty(_joins.Sent);

        _overlay.Unavailable = null;
        await Grain.Reconcile(default);
        Assert.Single(_joins.Sent);
        Assert.Equal(DtDomainStatus.Ready, (await Stored()).State.Status);
    }

    [Fact]
    public async Task A_member_list_from_anyone_but_the_creator_is_ignored()
    {
        await Joining();
        _joins.Answer = request => JoinResult.Joined(ListWith(request));
        await Grain.Reconcile(default);
        var held = DomainAnnotations.ReadMemberList((await Stored()).State)!;
        var forged = held with { Version = held.Version + 1, Members = [held.Members[0]] };

        await Grain.ApplyMembership(forged, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", default);
        Assert.Equal(DtDomainStatus.Ready, (await Stored()).State.Status);

        await Grain.ApplyMembership(forged, CreatorId, default);
        Assert.Equal(DtDomainStatus.Removed, (await Stored()).State.Status);
    }

    private sealed class StoredDomain : HeldState<DtDomain>
    {
        public StoredDomain() => State = new DtDomain();
    }

    private class HeldState<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
