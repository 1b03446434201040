using System.Net;
using Dtaas.Runtime.Tests.Grains;

namespace Dtaas.Runtime.Tests;

/// <summary>
/// <see cref="GrainRuntimeOptions.LocalAddress"/> picks the source address of a silo's outgoing calls, so a listener
/// that knows callers by source address (the federation listener) sees the address the caller was given.
/// Linux routes all of 127.0.0.0/8 to the loopback interface, so any 127.x.y.z works without setup.
/// </summary>
public sealed class SourceAddressTests : IAsyncLifetime
{
    private static readonly IPAddress Alias = IPAddress.Parse("127.0.0.9");

    private TestSilo _target = null!;

    // The federation listener's rule in miniature: the caller is known by its source address alone.
    private static GrainCaller? BySource(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).Equals(Alias)
            ? new GrainCaller("node9")
            : null;

    public async Task InitializeAsync() => _target = await TestSilo.StartAsync("node1", authenticate: BySource);

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task Calls_leave_from_the_chosen_address()
    {
        await using var caller = await TestSilo.StartAsync("node0", o => o.LocalAddress = _ => Alias);
        caller.Nodes.Set("node1", _target.Address);

        Assert.Equal("node9", await caller.Factory.GetGrain<ITurnGrain>("node1", "who").WhoCalls());
    }

    [Fact]
    public async Task The_choice_sees_the_destination_and_null_leaves_it_to_the_os()
    {
        var asked = new List<string>();
        await using var caller = await TestSilo.StartAsync("node0", o => o.LocalAddress = destination =>
        {
            lock (asked)
            {
                asked.Add($"{destination.Host}:{destination.Port}");
            }
            return null;
        });
        caller.Nodes.Set("node1", _target.Address);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => caller.Factory.GetGrain<ITurnGrain>("node1", "who").WhoCalls());
        Assert.Equal([_target.Address.Authority], asked);
    }
}
