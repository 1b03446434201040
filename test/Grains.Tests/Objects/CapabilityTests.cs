using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Tests.Objects;

/// <summary>Capabilities read and write as the upper-case names users know.</summary>
public sealed class CapabilityTests
{
    [Fact]
    public void The_seven_names_round_trip_in_the_documented_order()
    {
        string[] seven = ["DISCOVER", "CREATE", "READ", "UPDATE", "DELETE", "MANAGE", "REQUEST"];

        Assert.Equal(Capability.All, Capabilities.Parse(seven));
        Assert.Equal(seven, Capabilities.Names(Capability.All));
        Assert.Equal(["DISCOVER", "READ", "REQUEST"], Capabilities.Names(Capabilities.Parse(["REQUEST", "DISCOVER", "READ", "READ"])));
        Assert.Empty(Capabilities.Names(Capabilities.Parse([])));
    }

    [Theory]
    [InlineData("WRITE")]
    [InlineData("read")]
    [InlineData("")]
    [InlineData(null)]
    public void A_name_that_is_not_a_capability_is_refused_listing_the_seven(string? name)
    {
        Assert.False(Capabilities.TryParse(["READ", name], out _, out var problem));
        Assert.Equal($"'{name}' is not a capability: use DISCOVER, CREATE, READ, UPDATE, DELETE, MANAGE, REQUEST", problem);
        Assert.Equal(problem, Assert.Throws<FormatException>(() => Capabilities.Parse([name])).Message);
    }

    [Fact]
    public void Only_a_single_capability_has_a_name()
    {
        Assert.Equal("MANAGE", Capabilities.Name(Capability.Manage));
        Assert.Throws<ArgumentOutOfRangeException>(() => Capabilities.Name(Capability.Read | Capability.Update));
        Assert.Throws<ArgumentOutOfRangeException>(() => Capabilities.Name(Capability.None));
    }
}
