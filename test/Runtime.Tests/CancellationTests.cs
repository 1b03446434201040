using Dtaas.Runtime.Tests.Grains;

namespace Dtaas.Runtime.Tests;

/// <summary>Cancellation reaches the grain, locally and across HTTP/2; default call timeouts, so nothing races them.</summary>
public sealed class CancellationTests : IAsyncLifetime
{
    private TestSilo _node0 = null!;
    private TestSilo _node1 = null!;

    public async Task InitializeAsync()
    {
        _node0 = await TestSilo.StartAsync("node0");
        _node1 = await TestSilo.StartAsync("node1");
        _node0.Nodes.Set("node1", _node1.Address);
    }

    public async Task DisposeAsync()
    {
        await _node0.DisposeAsync();
        await _node1.DisposeAsync();
    }

    [Fact]
    public async Task Cancellation_flows_from_the_caller_to_the_remote_grain()
    {
        using var cancel = new CancellationTokenSource();
        var remote = _node0.Factory.GetGrain<ITurnGrain>("node1", "cancel");

        var call = remote.WaitForCancellation(cancel.Token);
        await _node1.Probe.WaitingForCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(await _node1.Probe.CancellationSeen.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cancellation_flows_to_a_local_grain()
    {
        using var cancel = new CancellationTokenSource();
        var call = _node1.Factory.GetGrain<ITurnGrain>("cancel-local").WaitForCancellation(cancel.Token);
        await _node1.Probe.WaitingForCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(await _node1.Probe.CancellationSeen.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
