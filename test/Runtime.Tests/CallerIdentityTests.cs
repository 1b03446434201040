using Dtaas.Runtime.Invocation;
using Dtaas.Runtime.Tests.Grains;

namespace Dtaas.Runtime.Tests;

/// <summary>The listener's authenticator names the calling node; grains see it, and only for the call it admitted.</summary>
public sealed class CallerIdentityTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    // Stands in for the federation listener's check (overlay source address -> member): here the bearer token names the node.
    private static GrainCaller? Authenticate(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer node", StringComparison.Ordinal)
            ? new GrainCaller(header["Bearer ".Length..])
            : null;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync("node1", authenticate: Authenticate);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private RemoteGrainFactory ClientAs(string token, out GrainRpcClient rpc)
    {
        var registry = new GrainInterfaceRegistry();
        rpc = new GrainRpcClient(new GrainSerializer([TestJsonContext.Default]), registry, new GrainRpcClientOptions { BearerToken = token });
        return new RemoteGrainFactory(registry, rpc, _silo.Address, "node1");
    }

    [Fact]
    public async Task A_grain_sees_the_node_the_listener_admitted_across_awaits()
    {
        var remote = ClientAs("node7", out var rpc);
        using (rpc)
        {
            Assert.Equal("node7", await remote.GetGrain<ITurnGrain>("who").WhoCalls());
        }
    }

    [Fact]
    public async Task Calls_the_grain_makes_in_turn_and_local_calls_have_no_calling_node()
    {
        var remote = ClientAs("node7", out var rpc);
        using (rpc)
        {
            Assert.Null(await remote.GetGrain<ITurnGrain>("outer").WhoCallsNested("inner"));
        }
        Assert.Null(await _silo.Factory.GetGrain<ITurnGrain>("who").WhoCalls());
    }

    [Fact]
    public async Task A_caller_the_authenticator_refuses_gets_a_clear_error()
    {
        var remote = ClientAs("stranger", out var rpc);
        using (rpc)
        {
            var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => remote.GetGrain<ITurnGrain>("who").WhoCalls());
            Assert.Contains("does not accept grain calls", refused.Message);
        }
        Assert.Equal(0, _silo.Probe.Activations);
    }

    [Fact]
    public async Task A_refused_caller_does_not_learn_who_the_silo_is_either()
    {
        ClientAs("stranger", out var stranger);
        ClientAs("node7", out var member);
        using (stranger)
        using (member)
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => stranger.GetSiloInfoAsync(_silo.Address, CancellationToken.None));
            Assert.Equal("node1", (await member.GetSiloInfoAsync(_silo.Address, CancellationToken.None)).NodeId);
        }
    }
}
