using Dtaas.WireGuard.Devices;

namespace Dtaas.WireGuard.Tests.Devices;

public sealed class InterfaceNamesTests
{
    [Fact]
    public void Derived_names_are_short_stable_and_distinct_per_scope_and_node()
    {
        var name = InterfaceNames.Derive("3f2a-domain-uid", "node0.example.org");

        Assert.Matches("^dt[0-9a-f]{10}$", name);
        Assert.Equal(name, InterfaceNames.Derive("3f2a-domain-uid", "node0.example.org"));
        Assert.NotEqual(name, InterfaceNames.Derive("3f2a-domain-uid", "node1.example.org"));
        Assert.NotEqual(name, InterfaceNames.Derive("other-domain-uid", "node0.example.org"));
        Assert.Equal(name, InterfaceNames.Validate(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void Unusable_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => InterfaceNames.Validate(name));
}
