using Dtaas.Runtime.Tests.Grains;

namespace Dtaas.Runtime.Tests;

/// <summary>Two silos in this process, calling each other's grains over real HTTP/2 loopback sockets.</summary>
public sealed class RemoteCallTests : IAsyncLifetime
{
    private TestSilo _node0 = null!;
    private TestSilo _node1 = null!;

    public async Task InitializeAsync()
    {
        _node0 = await TestSilo.StartAsync("node0", o => o.CallTimeout = TimeSpan.FromSeconds(1), allowRelay: true);
        _node1 = await TestSilo.StartAsync("node1", o => o.CallTimeout = TimeSpan.FromSeconds(1));
        _node0.Nodes.Set("node1", _node1.Address);
        _node1.Nodes.Set("node0", _node0.Address);
    }

    public async Task DisposeAsync()
    {
        await _node0.DisposeAsync();
        await _node1.DisposeAsync();
    }

    [Fact]
    public async Task A_call_to_another_node_runs_there_and_returns_its_result()
    {
        var remote = _node0.Factory.GetGrain<ITurnGrain>("node1", "ns/counter");
        Assert.Equal(2, await remote.Add(2));
        Assert.Equal(5, await remote.Add(3));

        Assert.Equal(1, _node1.Probe.Activations);
        Assert.Equal(0, _node0.Probe.Activations);
        Assert.Equal(5, await _node1.Factory.GetGrain<ITurnGrain>("ns/counter").ReadCounter());
    }

    [Fact]
    public async Task A_grain_exception_reaches_local_and_remote_callers_with_type_and_message()
    {
        var local = await Assert.ThrowsAsync<InvalidOperationException>(() => _node1.Factory.GetGrain<ITurnGrain>("e").Throw("broken on purpose"));
        Assert.Equal("broken on purpose", local.Message);

        var remote = await Assert.ThrowsAsync<InvalidOperationException>(() => _node0.Factory.GetGrain<ITurnGrain>("node1", "e").Throw("broken on purpose"));
        Assert.Equal("broken on purpose", remote.Message);

        var custom = await Assert.ThrowsAsync<RemoteGrainException>(() => _node0.Factory.GetGrain<ITurnGrain>("node1", "e").ThrowCustom("custom"));
        Assert.Equal(typeof(CustomGrainFailure).FullName, custom.RemoteType);
        Assert.Equal("custom", custom.RemoteMessage);
    }

    [Fact]
    public async Task A_hung_grain_times_out_naming_grain_and_method()
    {
        var local = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => _node1.Factory.GetGrain<ITurnGrain>("stuck").Hang());
        Assert.Contains($"{typeof(ITurnGrain).FullName}.Hang", local.Message);
        Assert.Contains("'stuck'", local.Message);

        var remote = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => _node0.Factory.GetGrain<ITurnGrain>("node1", "stuck-too").Hang());
        Assert.Contains($"{typeof(ITurnGrain).FullName}.Hang", remote.Message);
        Assert.Contains("'stuck-too'", remote.Message);
    }

    [Fact]
    public async Task A_call_queued_behind_a_hung_call_times_out_too()
    {
        var grain = _node1.Factory.GetGrain<ITurnGrain>("stuck-queue");
        var first = grain.Hang();
        var second = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Echo("x"));
        Assert.Contains(".Echo", second.Message);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => first);
    }

    [Fact]
    public async Task An_unknown_node_and_an_unreachable_node_give_clear_errors()
    {
        var unknown = await Assert.ThrowsAsync<SiloUnavailableException>(() => _node0.Factory.GetGrain<ITurnGrain>("node9", "x").Echo("x"));
        Assert.Contains("node9", unknown.Message);

        _node0.Nodes.Set("gone", new Uri("http://127.0.0.1:1/"));
        var unreachable = await Assert.ThrowsAsync<SiloUnavailableException>(() => _node0.Factory.GetGrain<ITurnGrain>("gone", "x").Echo("x"));
        Assert.Contains("Echo", unreachable.Message);
    }

    [Fact]
    public async Task A_relaying_endpoint_forwards_calls_for_another_node_and_a_plain_one_refuses()
    {
        var registry = new Invocation.GrainInterfaceRegistry();
        using var rpc = new GrainRpcClient(new GrainSerializer([Grains.TestJsonContext.Default]), registry, new GrainRpcClientOptions());

        var viaNode0 = new RemoteGrainFactory(registry, rpc, _node0.Address, "node0");
        Assert.Equal(4, await viaNode0.GetGrain<ITurnGrain>("node1", "relayed").Add(4));
        Assert.Equal(4, await _node1.Factory.GetGrain<ITurnGrain>("relayed").ReadCounter());

        var viaNode1 = new RemoteGrainFactory(registry, rpc, _node1.Address, "node1");
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => viaNode1.GetGrain<ITurnGrain>("node0", "relayed").Add(1));
        Assert.Contains("does not relay", refused.Message);
    }
}
