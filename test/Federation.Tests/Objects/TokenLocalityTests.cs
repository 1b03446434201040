using System.Net;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>Only a user's home node authenticates it: a token is good only on the node that issued it.</summary>
[Collection(FederationCollection.Name)]
public sealed class TokenLocalityTests
{
    [Fact]
    public async Task A_token_from_one_node_is_unknown_on_another_even_for_a_user_of_the_same_name()
    {
        await using var cluster = await TestClusters.StartAsync(2);
        var (node0, node1) = (cluster.Nodes[0], cluster.Nodes[1]);
        await node0.CreateUserAsync("alice", "wonderland", default);
        await node1.CreateUserAsync("alice", "wonderland", default);
        using var atNode0 = await ApiClient.LoginAsync(node0.GatewayUri, "alice", "wonderland");
        using var replayed = new ApiClient(node1.GatewayUri, atNode0.Token);

        Assert.Equal("alice@node0.example.org", (await atNode0.GetAsync("/v1/whoami")).Body!["principal"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayed.GetAsync("/v1/whoami")).Status);
    }
}
