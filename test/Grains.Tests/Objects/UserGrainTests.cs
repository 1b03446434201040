using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Dtaas.Grains.Users;
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

namespace Dtaas.Grains.Tests.Objects;

/// <summary>The dtUser grain's decisions (Ready only with its Secret key, a fixed id) and the session grain's tokens (expiry, tied to a Ready user).</summary>
public sealed class UserGrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly NodeDescription _node = new("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, "");
    private readonly ListedObjects _objects = new();
    private readonly Secrets _secrets = new();
    private readonly ManualTimeProvider _clock = new();
    private InProcessTestCluster _cluster = null!;

    private IGrainStorage Store => _cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Kubernetes);

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(_node)
            .AddKeyedSingleton<TimeProvider>(GrainClock.Key, _clock)
            .AddSingleton<IEventRecorder>(new NoEvents())
            .AddSingleton<ISecretKeys>(_secrets)
            .AddSingleton<ILocalObjects>(_objects)
            .AddSingleton(new SessionSettings(Lifetime))
            // The user catalog, told of every change, has no domain to share the users with here.
            .AddSingleton(new FederationSettings("10.0.0.1", 51820))
            .AddSingleton<IFederationClient>(new UnreachableFederation()));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_user_waits_for_its_Secret_as_Failed_then_is_Ready_with_the_id_of_its_uid()
    {
        var uid = Guid.NewGuid();
        await AddUserAsync("alice", uid);
        var grain = _cluster.Client.GetGrain<IDtUserGrain>("default/alice");

        Assert.Equal(DtUserGrain.SecretRecheck, await grain.Reconcile(default));
        var failed = await StoredAsync("alice");
        Assert.Equal((DtUserStatus.Failed, "Secret 'alice-password' not found (spec.passwordSecretRef.name)"), (failed.Status, failed.Message));
        Assert.Null(await grain.Verify("wonderland", default));

        _secrets.Values["default/alice-password"] = SecretKeyValue.Missing("Secret 'alice-password' has no key 'password' (spec.passwordSecretRef.key)");
        await grain.Reconcile(default);
        Assert.Contains("has no key 'password'", (await StoredAsync("alice")).Message);

        _secrets.Values["default/alice-password"] = SecretKeyValue.Found("wonderland"u8.ToArray());
        Assert.Null(await grain.Reconcile(default));
        var ready = await StoredAsync("alice");
        Assert.Equal((DtUserStatus.Ready, null, uid.ToString("N"), "alice", "node0.example.org", _node.Id),
            (ready.Status, ready.Message, ready.Id, ready.Username, ready.Node, ready.NodeId));
        Assert.Null(await grain.Verify("Wonderland", default));
        var verified = await grain.Verify("wonderland", default);
        Assert.Equal(("alice@node0.example.org", uid.ToString("N")), (verified!.Principal.ToString(), verified.Id.UserId));
    }

    [Fact]
    public async Task A_token_works_until_it_expires_and_dies_with_its_user()
    {
        _secrets.Values["default/alice-password"] = SecretKeyValue.Found("wonderland"u8.ToArray());
        await AddUserAsync("alice", Guid.NewGuid());
        await _cluster.Client.GetGrain<IDtUserGrain>("default/alice").Reconcile(default);
        _objects.UserList.Add(await StoredAsync("alice"));
        var sessions = _cluster.Client.GetGrain<ISessionGrain>("default");

        Assert.Null(await sessions.Login("alice", "nope", default));
        Assert.Null(await sessions.Login("Not A Name", "wonderland", default));
        var first = await sessions.Login("alice", "wonderland", default);
        var second = await sessions.Login("alice", "wonderland", default);
        Assert.NotEqual(first!.AccessToken, second!.AccessToken);
        Assert.Equal(Lifetime, first.ExpiresIn);
        Assert.Equal("alice@node0.example.org", (await sessions.Resolve(first.AccessToken, default))!.Principal.ToString());
        Assert.Null(await sessions.Resolve(first.AccessToken + "x", default));

        _clock.Advance(Lifetime);
        Assert.Null(await sessions.Resolve(first.AccessToken, default));

        var third = await sessions.Login("alice", "wonderland", default);
        _objects.UserList.Clear(); // kubectl delete dtuser alice
        Assert.Null(await sessions.Resolve(third!.AccessToken, default));
    }

    private async Task AddUserAsync(string name, Guid uid)
    {
        var state = new Held<DtUser>
        {
            State = new DtUser
            {
                Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = uid.ToString() },
                Spec = new DtUserSpec { PasswordSecretRef = new DtSecretKeyRef { Name = $"{name}-password", Key = "password" } },
            },
        };
        await Store.WriteStateAsync("object", _cluster.Client.GetGrain<IDtUserGrain>($"default/{name}").GetGrainId(), state, default);
    }

    private async Task<DtUser> StoredAsync(string name)
    {
        var state = new Held<DtUser> { State = new DtUser() };
        await Store.ReadStateAsync("object", _cluster.Client.GetGrain<IDtUserGrain>($"default/{name}").GetGrainId(), state, default);
        return state.State;
    }

    private sealed class Secrets : ISecretKeys
    {
        public Dictionary<string, SecretKeyValue> Values { get; } = [];

        public Task<SecretKeyValue> ReadAsync(string @namespace, string secret, string key, CancellationToken cancellationToken) =>
            Task.FromResult(Values.GetValueOrDefault($"{@namespace}/{secret}") ?? SecretKeys.Of(null, secret, key));
    }

    private sealed class Held<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
