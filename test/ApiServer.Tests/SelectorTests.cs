using System.Text.Json.Nodes;
using Dtaas.ApiServer;

namespace Dtaas.ApiServer.Tests;

public sealed class SelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["env"] = "prod" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app=db", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (web, db)", true)]
    [InlineData("app in (db)", false)]
    [InlineData("app notin (db,cache)", true)]
    [InlineData("missing notin (db)", true)]
    [InlineData("tier", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("app=web,tier in (front,back),!missing", true)]
    [InlineData("app=web,env=dev", false)]
    public void Label_selector_matches_like_kubernetes(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in (web")]
    [InlineData("=web")]
    [InlineData("app maybe (x)")]
    public void Malformed_label_selectors_are_rejected(string selector) =>
        Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));

    [Fact]
    public void Field_selector_matches_dotted_paths()
    {
        var ev = JsonNode.Parse("""{"metadata":{"name":"e1","namespace":"n"},"involvedObject":{"kind":"dtDomain","name":"d"}}""");
        Assert.True(FieldSelector.Parse("metadata.name=e1,involvedObject.kind=dtDomain").Matches(ev));
        Assert.True(FieldSelector.Parse("involvedObject.name!=other").Matches(ev));
        Assert.False(FieldSelector.Parse("involvedObject.name==other").Matches(ev));
    }
}
