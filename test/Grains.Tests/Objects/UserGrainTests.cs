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

/// <summary>
/// The dtUser grain's decisions (Ready only with its Secret key, a fixed id, a password or its Argon2id hash) and the
/// session grain's tokens (expiry, tied to a Ready user and to its Secret as it was, at most a few a user, logout, throttled logins).
/// </summary>
public sealed class UserGrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly NodeDescription _node = new("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, "");
    private readonly ListedObjects _objects = new();
    private readonly Secrets _secrets = new();
    private readonly CountingPasswordCheck _passwords = new();
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
            .AddSingleton<IPasswordCheck>(_passwords)
            .AddSingleton(LoginThrottleSettings.Default)
            .AddSingleton<ILocalObjects>(_objects)
            .AddSingleton(new SessionSettings(Lifetime, MaxPerUser: 3))
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
        var verified = (await grain.Verify("wonderland", default))!.User;
        Assert.Equal(("alice@node0.example.org", uid.ToString("N")), (verified.Principal.ToString(), verified.Id.UserId));
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

    [Fact]
    public async Task A_Secret_holding_an_Argon2id_hash_logs_in_with_its_password_under_any_key_and_a_bad_hash_is_Failed_with_the_reason()
    {
        // echo -n wonderland | argon2 somesaltsomesalt -id -t 2 -m 15 -p 1 -l 32 -e  (the reference implementation)
        const string hash = "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$V1K0m3wxcWwgWKLgEzZyCPs4BDo0z1LfHTOTR1vvizU";
        _secrets.Values["default/alice-password"] = SecretKeyValue.Found(System.Text.Encoding.UTF8.GetBytes(hash));
        await AddUserAsync("alice", Guid.NewGuid());
        var alice = _cluster.Client.GetGrain<IDtUserGrain>("default/alice");
        Assert.Null(await alice.Reconcile(default));
        Assert.Null(await alice.Verify(hash, default)); // the hash is not the password
        Assert.NotNull(await alice.Verify("wonderland", default));

        _secrets.Values["default/bob-password"] = SecretKeyValue.Found("builder"u8.ToArray());
        await AddUserAsync("bob", Guid.NewGuid(), key: DtUserGrain.PasswordHashKey);
        await _cluster.Client.GetGrain<IDtUserGrain>("default/bob").Reconcile(default);
        var bob = await StoredAsync("bob");
        Assert.Equal(DtUserStatus.Failed, bob.Status);
        Assert.Equal("the key 'passwordHash' of Secret 'bob-password': not an Argon2id PHC string ($argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>)",
            bob.Message);

        _secrets.Values["default/bob-password"] = SecretKeyValue.Found(System.Text.Encoding.UTF8.GetBytes(Argon2idHash.Create("builder", Argon2idHash.Recommended).ToString()));
        Assert.Null(await _cluster.Client.GetGrain<IDtUserGrain>("default/bob").Reconcile(default));
        Assert.NotNull(await _cluster.Client.GetGrain<IDtUserGrain>("default/bob").Verify("builder", default));
    }

    [Fact]
    public async Task Every_login_costs_one_password_check_and_one_Secret_read_whether_the_user_exists_or_not()
    {
        await ReadyUserAsync("alice", "wonderland");
        var sessions = _cluster.Client.GetGrain<ISessionGrain>("default");

        foreach (var (username, password) in new[] { ("alice", "nope"), ("mallory", "nope"), ("Not A Name", "nope"), ("alice", "wonderland") })
        {
            var before = _passwords.Calls;
            await sessions.Login(username, password, default);
            Assert.Equal(before + 1, _passwords.Calls);
        }
        // A user that exists and one that does not both read a Secret too (a name that cannot be a user's needs not).
        var reads = _secrets.Reads;
        await sessions.Login("alice", "nope", default);
        Assert.Equal(reads + 1, _secrets.Reads);
        await sessions.Login("mallory", "nope", default);
        Assert.Equal(reads + 2, _secrets.Reads);
    }

    [Fact]
    public async Task Logins_of_one_user_are_checked_in_parallel_not_one_after_another()
    {
        await ReadyUserAsync("alice", "wonderland");
        _passwords.Together = _passwords.Calls + 3; // each check waits for the other two: one after another would time out

        var logins = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => _cluster.Client.GetGrain<IDtUserGrain>("default/alice").Verify(i == 0 ? "wonderland" : "nope", default)));

        Assert.Equal([true, false, false], logins.Select(l => l is not null));
    }

    [Fact]
    public async Task Logout_ends_that_token_only_and_a_user_keeps_at_most_the_newest_tokens()
    {
        await ReadyUserAsync("alice", "wonderland");
        var sessions = _cluster.Client.GetGrain<ISessionGrain>("default");
        var tokens = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tokens.Add((await sessions.Login("alice", "wonderland", default))!.AccessToken);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Null(await sessions.Resolve(tokens[0], default)); // the cap here is 3: the oldest went
        Assert.NotNull(await sessions.Resolve(tokens[1], default));
        Assert.True(await sessions.Logout(tokens[1], default));
        Assert.False(await sessions.Logout(tokens[1], default));
        Assert.Null(await sessions.Resolve(tokens[1], default));
        Assert.NotNull(await sessions.Resolve(tokens[2], default));
        Assert.NotNull(await sessions.Resolve(tokens[3], default));
    }

    [Theory]
    [InlineData("a new password", "1")]
    [InlineData("wonderland", "2")] // the Secret written again, same value: a new resourceVersion
    public async Task A_change_of_the_users_Secret_ends_every_token_issued_before(string password, string version)
    {
        await ReadyUserAsync("alice", "wonderland");
        var sessions = _cluster.Client.GetGrain<ISessionGrain>("default");
        var token = (await sessions.Login("alice", "wonderland", default))!.AccessToken;
        Assert.NotNull(await sessions.Resolve(token, default));

        _secrets.Values["default/alice-password"] = SecretKeyValue.Found(System.Text.Encoding.UTF8.GetBytes(password), $"uid/{version}");
        _clock.Advance(SessionSettings.Default.SecretRecheck);

        Assert.Null(await sessions.Resolve(token, default));
        var after = (await sessions.Login("alice", password, default))!.AccessToken;
        Assert.NotNull(await sessions.Resolve(after, default));
    }

    [Fact]
    public async Task A_source_that_failed_five_times_waits_without_its_password_being_checked_and_the_user_logs_in_from_elsewhere()
    {
        await ReadyUserAsync("alice", "wonderland");
        var sessions = _cluster.Client.GetGrain<ISessionGrain>("default");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(LoginAnswer.Refused, await sessions.LoginFrom("alice", $"guess{i}", "192.0.2.66", default));
        }
        var checks = _passwords.Calls;

        var throttled = await sessions.LoginFrom("alice", "wonderland", "192.0.2.66", default);
        Assert.Equal((null, TimeSpan.FromMinutes(1)), (throttled.Issued, throttled.RetryAfter));
        Assert.Equal(checks, _passwords.Calls);

        var honest = await sessions.LoginFrom("alice", "wonderland", "198.51.100.7", default);
        Assert.NotNull(await sessions.Resolve(honest.Issued!.AccessToken, default));
    }

    private async Task ReadyUserAsync(string name, string password)
    {
        _secrets.Values[$"default/{name}-password"] = SecretKeyValue.Found(System.Text.Encoding.UTF8.GetBytes(password), "uid/1");
        await AddUserAsync(name, Guid.NewGuid());
        await _cluster.Client.GetGrain<IDtUserGrain>($"default/{name}").Reconcile(default);
        _objects.UserList.Add(await StoredAsync(name));
    }

    private async Task AddUserAsync(string name, Guid uid, string key = "password")
    {
        var state = new Held<DtUser>
        {
            State = new DtUser
            {
                Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = uid.ToString() },
                Spec = new DtUserSpec { PasswordSecretRef = new DtSecretKeyRef { Name = $"{name}-password", Key = key } },
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
        private int _reads;

        public Dictionary<string, SecretKeyValue> Values { get; } = [];

        public int Reads => Volatile.Read(ref _reads);

        public Task<SecretKeyValue> ReadAsync(string @namespace, string secret, string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult(Values.GetValueOrDefault($"{@namespace}/{secret}") ?? SecretKeys.Of(null, secret, key));
        }
    }

    /// <summary>The real check, counted; with <see cref="Together"/> set, each check waits until that many are under way.</summary>
    private sealed class CountingPasswordCheck : IPasswordCheck
    {
        private readonly Argon2PasswordCheck _check = new();
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public int Together { get; set; }

        public async Task<bool> MatchesAsync(byte[]? stored, string password, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) >= Together)
            {
                _all.TrySetResult();
            }
            await _all.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return await _check.MatchesAsync(stored, password, cancellationToken);
        }
    }

    private sealed class Held<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
