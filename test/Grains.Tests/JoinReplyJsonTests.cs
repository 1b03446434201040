using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Xunit;

namespace Dtaas.Grains.Tests;

/// <summary>
/// The sealed join reply crosses between nodes of different versions: the member list keeps its wire name
/// <c>membership</c> although the record calls it <see cref="JoinReply.MemberList"/>.
/// </summary>
public sealed class JoinReplyJsonTests
{
    private static readonly MemberList List = new(Guid.Parse("6f1c0d1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f"), new string('a', 32), 3, "100.64.0.0/16",
        [new DomainMember(new string('a', 32), "node0", "key", "10.0.0.1:51820", "100.64.0.1")]);

    [Fact]
    public void The_member_list_is_sent_as_membership()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new JoinReply(List), GrainsJsonContext.Default.JoinReply));

        Assert.Equal(["membership"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, json.RootElement.GetProperty("membership").GetProperty("version").GetInt64());
    }

    [Fact]
    public void A_reply_an_earlier_node_wrote_is_read()
    {
        var earlier = $$"""{"membership":{{JsonSerializer.Serialize(List, GrainsJsonContext.Default.MemberList)}}}""";

        var reply = JsonSerializer.Deserialize(earlier, GrainsJsonContext.Default.JoinReply);

        Assert.True(reply!.MemberList.SameAs(List));
    }
}
