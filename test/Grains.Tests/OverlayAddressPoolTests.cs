using Dtaas.Grains.Domains;

namespace Dtaas.Grains.Tests;

public sealed class OverlayAddressPoolTests
{
    [Fact]
    public void A_domain_gets_the_slash_16_its_uid_picks_or_the_next_free_one_and_creators_mostly_differ()
    {
        var domain = Guid.Parse("7486c9fd-dc8d-412b-8ec8-ea3823969156");
        var picked = OverlayAddressPool.ChooseNetwork([], domain)!;
        var next = OverlayAddressPool.ChooseNetwork([picked], domain)!;

        Assert.Matches(@"^100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.0\.0/16$", picked);
        Assert.Equal(picked, OverlayAddressPool.ChooseNetwork([], domain)); // the same every time
        Assert.NotEqual(picked, next);
        Assert.Null(OverlayAddressPool.ChooseNetwork(Enumerable.Range(64, 64).Select(b => $"100.{b}.0.0/16"), domain));
        // Two creators choosing alone rarely pick the same /16 (the seed of the old rule: always 100.64.0.0/16).
        var networks = Enumerable.Range(0, 64).Select(_ => OverlayAddressPool.ChooseNetwork([], Guid.NewGuid())).Distinct().Count();
        Assert.True(networks > 20, $"64 domains got only {networks} distinct /16s");
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
