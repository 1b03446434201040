using Dtaas.Grains.Ports;
using Dtaas.Grains.Users;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests.Users;

/// <summary>The login throttle's decisions on the manual clock: per (user, source) and per source, growing blocks, bounded memory.</summary>
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private static readonly LoginThrottleSettings Settings = LoginThrottleSettings.Default with { MaxEntries = 50 };
    private readonly ManualTimeProvider _clock = new();
    private InProcessTestCluster _cluster = null!;

    private ILoginThrottleGrain Throttle => _cluster.Client.GetGrain<ILoginThrottleGrain>("default");

    public async Task InitializeAsync() =>
        _cluster = await GrainTestSilo.StartAsync(services => services.AddKeyedSingleton<TimeProvider>(GrainClock.Key, _clock).AddSingleton(Settings));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Five_failures_in_a_minute_block_the_user_from_that_source_for_a_minute_then_twice_as_long_up_to_15_minutes()
    {
        await FailAsync("alice", "192.0.2.1", 5);
        Assert.Equal(TimeSpan.FromMinutes(1), await Throttle.Attempt("alice", "192.0.2.1"));
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.FromSeconds(20), await Throttle.Attempt("alice", "192.0.2.1"));
        _clock.Advance(TimeSpan.FromSeconds(20));

        foreach (var minutes in new[] { 2, 4, 8, 15, 15 })
        {
            await FailAsync("alice", "192.0.2.1", 5);
            Assert.Equal(TimeSpan.FromMinutes(minutes), await Throttle.Attempt("alice", "192.0.2.1"));
            _clock.Advance(TimeSpan.FromMinutes(minutes));
        }
    }

    [Fact]
    public async Task Failures_spread_over_more_than_a_minute_are_not_blocked()
    {
        for (var i = 0; i < 12; i++)
        {
            Assert.Null(await Throttle.Attempt("alice", "192.0.2.1"));
            _clock.Advance(TimeSpan.FromSeconds(13));
        }
    }

    [Fact]
    public async Task The_user_from_another_source_is_not_blocked()
    {
        await FailAsync("alice", "192.0.2.1", 5);
        Assert.NotNull(await Throttle.Attempt("alice", "192.0.2.1"));

        Assert.Null(await Throttle.Attempt("alice", "198.51.100.7"));
        await Throttle.Succeeded("alice", "198.51.100.7");
        Assert.Null(await Throttle.Attempt("bob", "198.51.100.7"));
    }

    [Fact]
    public async Task A_source_trying_many_users_is_blocked_after_20_failures_for_every_user_but_only_that_source()
    {
        for (var i = 0; i < Settings.SourceFailures; i++)
        {
            Assert.Null(await Throttle.Attempt($"user{i}", "192.0.2.1"));
        }

        Assert.Equal(TimeSpan.FromMinutes(1), await Throttle.Attempt("user99", "192.0.2.1"));
        Assert.NotNull(await Throttle.Attempt("user0", "192.0.2.1"));
        Assert.Null(await Throttle.Attempt("user0", "192.0.2.2"));
    }

    [Fact]
    public async Task A_right_password_clears_its_users_count_from_that_source_but_not_the_sources()
    {
        await FailAsync("alice", "192.0.2.1", 4);
        Assert.Null(await Throttle.Attempt("alice", "192.0.2.1"));
        await Throttle.Succeeded("alice", "192.0.2.1");
        await FailAsync("alice", "192.0.2.1", 5); // a fresh count: five more before a block
        Assert.NotNull(await Throttle.Attempt("alice", "192.0.2.1"));

        // The source has 9 failures, 10 with mallory's; logins to its own account between guesses do not take them back.
        await FailAsync("mallory", "192.0.2.1", 1);
        for (var i = 0; i < 9; i++)
        {
            Assert.Null(await Throttle.Attempt($"guess{i}", "192.0.2.1"));
            Assert.Null(await Throttle.Attempt("own", "192.0.2.1"));
            await Throttle.Succeeded("own", "192.0.2.1");
        }
        Assert.Null(await Throttle.Attempt("guess9", "192.0.2.1"));
        Assert.NotNull(await Throttle.Attempt("own", "192.0.2.1"));
    }

    [Fact]
    public async Task The_table_is_bounded_the_least_recently_seen_entry_goes_first()
    {
        await FailAsync("alice", "192.0.2.1", 5);
        Assert.NotNull(await Throttle.Attempt("alice", "192.0.2.1"));
        _clock.Advance(TimeSpan.FromSeconds(1));

        // Each new source adds two entries (its pair and itself): the table fills and alice's oldest entries go.
        for (var i = 0; i < Settings.MaxEntries; i++)
        {
            Assert.Null(await Throttle.Attempt("bob", $"198.51.100.{i}"));
        }

        Assert.Null(await Throttle.Attempt("alice", "192.0.2.1"));
    }

    private async Task FailAsync(string username, string source, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Null(await Throttle.Attempt(username, source));
        }
    }
}
