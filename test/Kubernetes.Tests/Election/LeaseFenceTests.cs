using Dtaas.Kubernetes.Election;
using Dtaas.TestSupport;

namespace Dtaas.Kubernetes.Tests.Election;

/// <summary>
/// The leader's deadline on a manual clock: it expires the renew deadline after the last successful write was sent,
/// so with client-go's timings (10 s of 15 s) a leader stops at least 5 s before a standby, which counts the lease
/// duration from when it read that write, may take the lease.
/// </summary>
public sealed class LeaseFenceTests
{
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    [Fact]
    public void It_expires_the_renew_deadline_after_the_last_write_was_sent_before_a_standby_may_take_the_lease()
    {
        var time = new ManualTimeProvider();
        using var fence = new LeaseFence(RenewDeadline, time);
        var expiredAt = new List<DateTimeOffset>();
        fence.Expired += () => expiredAt.Add(time.GetUtcNow());

        var sent = fence.Now();
        // The answer is slow (3 s): the deadline still counts from the send.
        time.Advance(TimeSpan.FromSeconds(3));
        fence.Written(sent);
        // The standby reads the write at the earliest as it is made, after the send.
        var standbyMayTake = sent + LeaseDuration;
        time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Empty(expiredAt);
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal([sent + RenewDeadline], expiredAt);
        Assert.True(expiredAt[0] <= standbyMayTake - TimeSpan.FromSeconds(5));
        Assert.Null(fence.ValidUntil);
    }

    [Fact]
    public void Each_renewal_moves_the_deadline_and_an_answer_that_arrives_late_never_shortens_it()
    {
        var time = new ManualTimeProvider();
        using var fence = new LeaseFence(RenewDeadline, time);
        var expired = 0;
        fence.Expired += () => expired++;

        var first = fence.Now();
        time.Advance(TimeSpan.FromSeconds(2));
        var second = fence.Now();
        fence.Written(second);
        // The first write's answer comes back after the second's.
        time.Advance(TimeSpan.FromSeconds(1));
        fence.Written(first);
        Assert.Equal(second + RenewDeadline, fence.ValidUntil);

        time.Advance(TimeSpan.FromSeconds(8.9));
        Assert.Equal(0, expired);
        var third = fence.Now();
        fence.Written(third);
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, expired);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, expired);

        // Expired once: no more until the next successful write, whose deadline counts anew.
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, expired);
        var again = fence.Now();
        fence.Written(again);
        time.Advance(RenewDeadline);
        Assert.Equal(2, expired);
    }

    [Fact]
    public void A_write_answered_after_its_deadline_expires_at_once_and_a_cleared_fence_never_expires()
    {
        var time = new ManualTimeProvider();
        using var fence = new LeaseFence(RenewDeadline, time);
        var expired = 0;
        fence.Expired += () => expired++;

        var sent = fence.Now();
        time.Advance(TimeSpan.FromSeconds(11));
        fence.Written(sent);
        time.Advance(TimeSpan.Zero);
        Assert.Equal(1, expired);

        fence.Written(fence.Now());
        fence.Clear();
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, expired);
        Assert.Null(fence.ValidUntil);
    }
}
