using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Tests.Objects;

/// <summary>Principals are username@node name in text and node id + user id on the wire; bad input says what is wrong.</summary>
public sealed class PrincipalTests
{
    [Fact]
    public void Text_parses_into_username_and_node_and_writes_back()
    {
        var bob = Principal.Parse("bob@node1.example.org");

        Assert.Equal("bob", bob.Username);
        Assert.Equal("node1.example.org", bob.Node);
        Assert.Equal("bob@node1.example.org", bob.ToString());
        Assert.Equal(bob, Principal.Of("bob", "node1.example.org"));
    }

    [Fact]
    public void Node_names_compare_without_case_as_DNS_does()
    {
        Assert.Equal(Principal.Parse("bob@node1.example.org"), Principal.Parse("bob@Node1.Example.ORG"));
        Assert.Equal("bob@node1.example.org", Principal.Parse("bob@NODE1.example.org").ToString());
    }

    [Theory]
    [InlineData(null, "'' is not a principal: write it username@node name, e.g. alice@node0.example.org")]
    [InlineData("bob", "'bob' is not a principal: write it username@node name, e.g. alice@node0.example.org")]
    [InlineData("bob@node1@node2", "'bob@node1@node2' is not a principal: write it username@node name, e.g. alice@node0.example.org")]
    [InlineData("@node1", "'' is not a username: a dtUser's name is lower case letters, digits, '-' and '.', starting and ending with a letter or digit")]
    [InlineData("Bob@node1", "'Bob' is not a username: a dtUser's name is lower case letters, digits, '-' and '.', starting and ending with a letter or digit")]
    [InlineData("bob-@node1", "'bob-' is not a username: a dtUser's name is lower case letters, digits, '-' and '.', starting and ending with a letter or digit")]
    [InlineData("bob@", "'' is not a node name: a DNS name is labels of letters, digits and '-' (at most 63 each) joined by '.'")]
    [InlineData("bob@node_1", "'node_1' is not a node name: a DNS name is labels of letters, digits and '-' (at most 63 each) joined by '.'")]
    [InlineData("bob@node1..org", "'node1..org' is not a node name: a DNS name is labels of letters, digits and '-' (at most 63 each) joined by '.'")]
    public void Bad_text_is_refused_saying_what_is_wrong(string? text, string problem)
    {
        Assert.False(Principal.TryParse(text, out var principal, out var said));
        Assert.Null(principal);
        Assert.Equal(problem, said);
        Assert.Equal(problem, Assert.Throws<FormatException>(() => Principal.Parse(text)).Message);
    }

    [Fact]
    public void A_node_label_longer_than_DNS_allows_is_refused()
    {
        Assert.False(Principal.TryParse("bob@" + new string('a', 64) + ".org", out _, out var problem));
        Assert.StartsWith($"'{new string('a', 64)}.org' is not a node name", problem);
        Assert.True(Principal.TryParse("bob@" + new string('a', 63) + ".org", out _, out _));
    }

    [Fact]
    public void The_wire_form_is_node_id_and_user_id()
    {
        var id = new PrincipalId("ca777327efb4498ab8c8876a6488701e", "3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d");

        var json = JsonSerializer.Serialize(id, GrainsJsonContext.Default.PrincipalId);

        Assert.Equal("""{"nodeId":"ca777327efb4498ab8c8876a6488701e","userId":"3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d"}""", json);
        Assert.Equal(id, JsonSerializer.Deserialize(json, GrainsJsonContext.Default.PrincipalId));
        Assert.Null(id.Problem());
    }

    [Theory]
    [InlineData("node0", "3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d", "principal nodeId 'node0' is not a node id (32 lowercase hex)")]
    [InlineData("CA777327EFB4498AB8C8876A6488701E", "3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d", "principal nodeId 'CA777327EFB4498AB8C8876A6488701E' is not a node id (32 lowercase hex)")]
    [InlineData("ca777327efb4498ab8c8876a6488701e", "bob", "principal userId 'bob' is not a user id (32 lowercase hex)")]
    [InlineData("ca777327efb4498ab8c8876a6488701e", null, "principal userId '' is not a user id (32 lowercase hex)")]
    public void A_malformed_wire_principal_says_which_id_is_wrong(string nodeId, string? userId, string problem)
    {
        Assert.Equal(problem, new PrincipalId(nodeId, userId!).Problem());
    }
}
