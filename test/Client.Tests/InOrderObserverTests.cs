using Dtaas.Client;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.TestSupport;

namespace Dtaas.Client.Tests;

/// <summary>A shuffled burst of a node's changes reaches the program in the node's order; a lost change holds the rest only briefly.</summary>
public sealed class InOrderObserverTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(100);
    private readonly ManualTimeProvider _clock = new();
    private readonly Recording _heard = new();

    [Fact]
    public void A_shuffled_burst_is_put_back_in_order_and_the_next_in_line_passes_at_once()
    {
        using var observer = new InOrderObserver(_heard, Hold, _clock);

        observer.OnChanged(Change(12));
        observer.OnChanged(Change(11));
        Assert.Empty(_heard.Sequences); // the first change of all may not be the first sent
        observer.OnChanged(Change(10));
        _clock.Advance(Hold);
        Assert.Equal([10, 11, 12], _heard.Sequences);

        observer.OnChanged(Change(13));
        Assert.Equal([10, 11, 12, 13], _heard.Sequences);
    }

    [Fact]
    public void A_change_that_never_comes_holds_the_later_ones_only_for_the_hold_time()
    {
        using var observer = new InOrderObserver(_heard, Hold, _clock);
        observer.OnChanged(Change(1));
        _clock.Advance(Hold);

        observer.OnChanged(Change(3));
        _clock.Advance(Hold / 2);
        Assert.Equal([1], _heard.Sequences);
        _clock.Advance(Hold / 2);
        Assert.Equal([1, 3], _heard.Sequences);

        observer.OnChanged(Change(2)); // late: passed on at once rather than lost
        Assert.Equal([1, 3, 2], _heard.Sequences);
    }

    private static ObjectChange Change(long sequence) => new("dtapps", "default/web", ObjectChange.Modified, null, sequence);

    private sealed class Recording : IObjectObserver
    {
        public List<long> Sequences { get; } = [];

        public void OnChanged(ObjectChange change) => Sequences.Add(change.Sequence);
    }
}
