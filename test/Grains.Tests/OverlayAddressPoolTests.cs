using Dtaas.Grains.Domains;

namespace Dtaas.Grains.Tests;

public sealed class OverlayAddressPoolTests
{
    [Fact]
    public void The_first_free_slash_16_of_the_shared_space_is_chosen()
    {
        Assert.Equal("100.64.0.0/16", OverlayAddressPool.ChooseNetwork([]));
        Assert.Equal("100.66.0.0/16", OverlayAddressPool.ChooseNetwork(["100.64.0.0/16", "100.65.0.0/16"]));
        Assert.Null(OverlayAddressPool.ChooseNetwork(Enumerable.Range(64, 64).Select(b => $"100.{b}.0.0/16")));
    }

    [Fact]
    public void The_creator_is_dot_0_1_and_joiners_take_the_lowest_free_address()
    {
        Assert.Equal("100.65.0.1", OverlayAddressPool.CreatorAddress("100.65.0.0/16"));
        Assert.Equal("100.65.0.2", OverlayAddressPool.NextFree("100.65.0.0/16", ["100.65.0.1"]));
        Assert.Equal("100.65.0.3", OverlayAddressPool.NextFree("100.65.0.0/16", ["100.65.0.1", "100.65.0.2", "100.65.0.4"]));
        Assert.Equal("100.65.1.0", OverlayAddressPool.NextFree("100.65.0.0/16",
            Enumerable.Range(1, 255).Select(h => $"100.65.0.{h}")));
    }

    [Fact]
    public void A_full_network_has_no_address_and_a_network_outside_the_space_is_refused()
    {
        var all = Enumerable.Range(0, 256).SelectMany(a => Enumerable.Range(0, 256).Select(b => $"100.70.{a}.{b}"));
        Assert.Null(OverlayAddressPool.NextFree("100.70.0.0/16", all));
        Assert.Throws<ArgumentException>(() => OverlayAddressPool.NextFree("10.0.0.0/16", []));
        Assert.Throws<ArgumentException>(() => OverlayAddressPool.CreatorAddress("100.64.0.0/24"));
    }
}
