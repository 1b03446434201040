using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Services;

namespace Dtaas.Grains.Tests;

/// <summary>The registry's decisions: who serves a network, which /24 and which addresses (DESIGN.md 2.5).</summary>
public sealed class NetworkRegistryTests
{
    private static readonly Guid Domain = Guid.Parse("7486c9fd-dc8d-412b-8ec8-ea3823969156");
    private const string Node0 = "74dbd2ec528e4db3a496a893f85cd0d2";
    private const string Node1 = "5687b751a5c941679864d072bfd30e51";
    private const string Node2 = "ca777327efb4498ab8c8876a6488701e";
    private const string Key0 = "d7Q5KQuLcr4VTxJcwsZmtDoq7fEpyYTuR1x0BWiaEXw=";
    private const string Key1 = "0/0DnGBZH2wc81p25+Kygj9KxLZu2vjWsX8kte/GUR4=";
    private const string Key2 = "Zi1YbyozJju2gzsmEFZxQTsj2VA9hLJmWiFK7YUgaVY=";

    [Fact]
    public void The_first_pod_serves_the_first_24_at_dot_1_and_the_next_are_clients_in_turn()
    {
        var first = Join([], "myservice", Node0, Key0);
        var second = Join(first.Book, "myservice", Node1, Key1);
        var third = Join(second.Book, "myservice", Node2, Key2);

        var network = third.Network!;
        Assert.Equal("100.96.0.0/24", network.Subnet);
        Assert.Equal(new NetworkPeer("100.96.0.1", Node0, Key0, NetworkRole.Server, "10.4.0.16:51830"), network.Server);
        Assert.Equal(["100.96.0.1", "100.96.0.2", "100.96.0.3"], network.Peers.Select(p => p.Address));
        Assert.Equal(NetworkRole.Client, network.Find(Node1)!.Role);
        Assert.Null(network.Find(Node1)!.Endpoint);
        Assert.Equal(3, network.Version);
    }

    [Fact]
    public void Each_network_gets_its_own_24_and_asking_again_gives_the_same_place()
    {
        var book = Join([], "myservice", Node0, Key0).Book;
        var other = Join(book, "ethereumservice", Node1, Key1);
        var again = Join(other.Book, "myservice", Node0, Key0);

        Assert.Equal("100.96.1.0/24", other.Network!.Subnet);
        Assert.Equal("100.96.1.1", other.Network.Server!.Address);
        Assert.Same(other.Book, again.Book);
        Assert.Equal(1, again.Network!.Version);
    }

    [Fact]
    public void The_server_leaving_dissolves_the_network_and_frees_its_name_and_subnet()
    {
        var book = Join(Join([], "myservice", Node0, Key0).Book, "myservice", Node1, Key1).Book;

        var left = NetworkRegistry.Leave(book, "myservice", Node0);
        var reborn = Join(left.Book, "myservice", Node1, Key1);

        Assert.True(left.Network!.Dissolved);
        Assert.Equal(NetworkRole.Server, reborn.Network!.Find(Node1)!.Role);
        Assert.Equal("100.96.0.0/24", reborn.Network.Subnet);
        Assert.NotEqual(left.Network.Id, reborn.Network.Id);
        Assert.True(reborn.Network.Supersedes(left.Network));
    }

    [Fact]
    public void A_client_leaving_frees_its_address_for_the_next()
    {
        var book = Join(Join(Join([], "myservice", Node0, Key0).Book, "myservice", Node1, Key1).Book, "myservice", Node2, Key2).Book;

        var left = NetworkRegistry.Leave(book, "myservice", Node1);
        var back = Join(left.Book, "myservice", Node1, Key1);

        Assert.Equal(["100.96.0.1", "100.96.0.3"], left.Network!.Peers.Select(p => p.Address));
        Assert.Equal("100.96.0.2", back.Network!.Find(Node1)!.Address);
        Assert.True(back.Network.Version > left.Network.Version);
    }

    [Theory]
    [InlineData("", Key0, "10.0.0.1:51830")]
    [InlineData("myservice", "not-a-key", "10.0.0.1:51830")]
    [InlineData("myservice", Key0, "")]
    public void A_malformed_request_is_refused(string name, string key, string endpoint)
    {
        var outcome = NetworkRegistry.Join([], Domain, new NetworkJoin(name, key, endpoint), Node0, Guid.NewGuid);

        Assert.Null(outcome.Network);
        Assert.Equal("the request names no network, key or endpoint", outcome.Refusal);
    }

    [Fact]
    public void A_member_creates_at_most_its_fair_share_of_networks_and_others_still_can()
    {
        IReadOnlyList<ServiceNetwork> book = [];
        for (int i = 0; i < FairShares.NetworksPerMember; i++)
        {
            book = Join(book, $"net{i}", Node1, Key1).Book;
        }

        var refused = Join(book, "one-more", Node1, Key1);
        var other = Join(book, "one-more", Node2, Key2);
        var joined = Join(book, "net0", Node1, Key1); // asking again for a network it has is no creation

        Assert.Null(refused.Network);
        Assert.Same(book, refused.Book);
        Assert.Equal($"node {Node1} serves 256 networks of this domain already; a member may create at most 256 (a fair share of the domain), so network one-more was not created",
            refused.Refusal);
        Assert.Equal(NetworkRole.Server, other.Network!.Server!.Role);
        Assert.NotNull(joined.Network);
    }

    private static NetworkRegistry.Outcome Join(IReadOnlyList<ServiceNetwork> book, string name, string node, string key) =>
        NetworkRegistry.Join(book, Domain, new NetworkJoin(name, key, "10.4.0.16:51830"), node, Guid.NewGuid);
}
