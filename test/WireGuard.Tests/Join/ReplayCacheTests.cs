using Dtaas.TestSupport;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Join;

public sealed class ReplayCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static JoinRequestId Id(UInt128 nonce) => new(KeyPair.Generate().PublicKey, nonce);

    [Fact]
    public void Remembers_until_expiry_then_forgets()
    {
        var clock = new ManualTimeProvider(Now);
        var cache = new ReplayCache(clock);
        var id = Id(1);

        Assert.Equal(ReplayVerdict.New, cache.TryRecord(id, Now.AddSeconds(10)));
        Assert.Equal(ReplayVerdict.Replayed, cache.TryRecord(id, Now.AddSeconds(10)));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(ReplayVerdict.Replayed, cache.TryRecord(id, Now.AddSeconds(10)));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, cache.Count);
        Assert.Equal(ReplayVerdict.New, cache.TryRecord(id, clock.GetUtcNow().AddSeconds(10)));
    }

    [Fact]
    public void Same_key_other_nonce_is_another_request()
    {
        var cache = new ReplayCache(new ManualTimeProvider(Now));
        var key = KeyPair.Generate().PublicKey;

        Assert.Equal(ReplayVerdict.New, cache.TryRecord(new JoinRequestId(key, 1), Now.AddSeconds(1)));
        Assert.Equal(ReplayVerdict.New, cache.TryRecord(new JoinRequestId(key, 2), Now.AddSeconds(1)));
    }

    [Fact]
    public void Memory_stays_bounded_under_a_stream_of_requests()
    {
        var clock = new ManualTimeProvider(Now);
        var cache = new ReplayCache(clock, capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(ReplayVerdict.New, cache.TryRecord(Id((UInt128)i), clock.GetUtcNow().AddSeconds(5)));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.InRange(cache.Count, 1, 51);
    }
}
