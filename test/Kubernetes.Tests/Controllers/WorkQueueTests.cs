using Dtaas.TestSupport;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Dtaas.Kubernetes.Controllers;

namespace Dtaas.Kubernetes.Tests.Controllers;

public sealed class WorkQueueTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token;

    [Fact]
    public async Task A_key_added_while_queued_is_queued_once()
    {
        var queue = new WorkQueue("test");
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await queue.TakeAsync(Timeout));
        Assert.Equal("b", await queue.TakeAsync(Timeout));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_processing_is_handed_out_exactly_once_more_after_Done()
    {
        var queue = new WorkQueue("test");
        queue.Add("a");
        var key = await queue.TakeAsync(Timeout);
        queue.Add("a");
        queue.Add("a");
        queue.Add("a");

        Assert.Equal(0, queue.Count);
        queue.Done(key);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await queue.TakeAsync(Timeout));
        queue.Done("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Different_keys_are_handed_out_while_others_are_processing()
    {
        var queue = new WorkQueue("test");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal("a", await queue.TakeAsync(Timeout));
        Assert.Equal("b", await queue.TakeAsync(Timeout));
    }

    [Fact]
    public async Task Failure_backoff_doubles_from_5_ms_up_to_5_minutes_and_Forget_resets_it()
    {
        var time = new ManualTimeProvider();
        var queue = new WorkQueue("test", timeProvider: time);
        var expected = TimeSpan.FromMilliseconds(5);
        for (var failure = 1; failure <= 20; failure++)
        {
            var delay = queue.Retry("a");
            Assert.Equal(expected, delay);
            Assert.Equal(failure, queue.Failures("a"));

            time.Advance(delay - TimeSpan.FromTicks(1));
            Assert.Equal(0, queue.Count);
            time.Advance(TimeSpan.FromTicks(1));
            Assert.Equal(1, queue.Count);
            queue.Done(await queue.TakeAsync(Timeout));

            expected = TimeSpan.FromTicks(Math.Min(expected.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
        }

        Assert.Equal(TimeSpan.FromMinutes(5), expected);
        queue.Forget("a");
        Assert.Equal(0, queue.Failures("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.Retry("a"));
    }

    [Fact]
    public async Task Of_several_delays_for_one_key_the_earliest_wins()
    {
        var time = new ManualTimeProvider();
        var queue = new WorkQueue("test", timeProvider: time);
        queue.AddAfter("a", TimeSpan.FromMilliseconds(100));
        queue.AddAfter("a", TimeSpan.FromMilliseconds(50));
        queue.AddAfter("a", TimeSpan.FromMilliseconds(200));

        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, queue.Count);
        queue.Done(await queue.TakeAsync(Timeout));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ShutDown_hands_out_what_is_queued_then_stops_and_drops_new_and_delayed_keys()
    {
        var time = new ManualTimeProvider();
        var queue = new WorkQueue("test", timeProvider: time);
        queue.Add("a");
        queue.AddAfter("b", TimeSpan.FromSeconds(1));

        queue.ShutDown();
        queue.Add("c");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("a", await queue.TakeAsync(Timeout));
        await Assert.ThrowsAsync<ChannelClosedException>(async () => await queue.TakeAsync(Timeout));
    }

    [Fact]
    public async Task RunAsync_runs_at_most_MaxConcurrency_keys_at_once()
    {
        var queue = new WorkQueue("test", new WorkQueueOptions { MaxConcurrency = 3 });
        var release = new TaskCompletionSource();
        int inFlight = 0, maxInFlight = 0, runs = 0;
        using var stop = new CancellationTokenSource();
        var running = queue.RunAsync(
            async (_, _) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, now);
                await release.Task;
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref runs);
            },
            stop.Token);
        for (var i = 0; i < 10; i++)
        {
            queue.Add($"k{i}");
        }

        await Eventually.Until(() => Volatile.Read(ref inFlight) == 3, "three keys in flight");
        Assert.Equal(7, queue.Count);
        release.SetResult();
        await Eventually.Until(() => Volatile.Read(ref runs) == 10, "all ten keys processed");
        await stop.CancelAsync();
        await running;

        Assert.Equal(3, maxInFlight);
    }

    [Fact]
    public async Task Under_stress_a_key_never_runs_twice_at_once_and_runs_again_after_its_last_add()
    {
        const int keys = 5;
        var queue = new WorkQueue("test", new WorkQueueOptions { MaxConcurrency = 8 });
        var inFlight = new int[keys];
        var added = new int[keys];
        var seen = new int[keys];
        int overlaps = 0, runs = 0;
        using var stop = new CancellationTokenSource();
        var running = queue.RunAsync(
            async (key, _) =>
            {
                var k = int.Parse(key);
                if (Interlocked.Increment(ref inFlight[k]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                // What this run sees: every add made before it started.
                Volatile.Write(ref seen[k], Volatile.Read(ref added[k]));
                await Task.Yield();
                Interlocked.Decrement(ref inFlight[k]);
                Interlocked.Increment(ref runs);
            },
            stop.Token);

        var adders = Enumerable.Range(0, 4).Select(seed => Task.Run(() =>
        {
            var random = new Random(seed);
            for (var i = 0; i < 5_000; i++)
            {
                var k = random.Next(keys);
                Interlocked.Increment(ref added[k]);
                queue.Add(k.ToString());
            }
        }));
        await Task.WhenAll(adders);
        await Eventually.Until(
            () => Enumerable.Range(0, keys).All(k => Volatile.Read(ref seen[k]) == added[k]),
            "every key processed after its last add");
        await stop.CancelAsync();
        await running;

        Assert.Equal(0, overlaps);
        Assert.True(runs < 20_000, $"{runs} runs for 20000 adds: adds were not coalesced");
    }

    [Fact]
    public async Task RunAsync_retries_a_failing_key_after_its_backoff_and_forgets_the_failures_on_success()
    {
        var time = new ManualTimeProvider();
        var queue = new WorkQueue("test", timeProvider: time);
        var runs = 0;
        using var stop = new CancellationTokenSource();
        var running = queue.RunAsync(
            (_, _) => Interlocked.Increment(ref runs) <= 3 ? throw new InvalidOperationException("not yet") : Task.CompletedTask,
            stop.Token);

        queue.Add("a");
        foreach (var (failures, backoff) in new[] { (1, 5), (2, 10), (3, 20) })
        {
            await Eventually.Until(() => queue.Failures("a") == failures, $"failure {failures} counted");
            Assert.Equal(failures, Volatile.Read(ref runs));
            time.Advance(TimeSpan.FromMilliseconds(backoff));
        }

        await Eventually.Until(() => Volatile.Read(ref runs) == 4 && queue.Failures("a") == 0, "the fourth run succeeded and reset the backoff");
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Cancelling_RunAsync_cancels_runs_in_progress_without_counting_a_failure()
    {
        var queue = new WorkQueue("test");
        var started = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var running = queue.RunAsync(
            async (_, token) =>
            {
                started.SetResult();
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            },
            stop.Token);
        queue.Add("a");
        await started.Task.WaitAsync(Timeout);

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);

        Assert.Equal(0, queue.Failures("a"));
        queue.Add("b");
        Assert.Equal(0, queue.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
