namespace Dtaas.WireGuard.Netns;

/// <summary>Links and addresses inside one network namespace (null: the process's own), through <c>ip</c>.</summary>
public sealed class IpLinks(IpCommand ip)
{
    public async Task<bool> ExistsAsync(string? netns, string name, CancellationToken cancellationToken) =>
        (await ip.RunAsync(netns, ["link", "show", "dev", name], cancellationToken)).Succeeded;

    /// <summary>Adds the address; adding one the link already has is not an error, so callers can repeat it after a restart.</summary>
    public async Task AddAddressAsync(string? netns, string name, InterfaceAddress address, CancellationToken cancellationToken) =>
        await ip.RunCheckedAsync(netns, ["addr", "replace", address.ToString(), "dev", name], cancellationToken);

    public async Task SetUpAsync(string? netns, string name, CancellationToken cancellationToken) =>
        await ip.RunCheckedAsync(netns, ["link", "set", "dev", name, "up"], cancellationToken);

    public async Task SetDownAsync(string? netns, string name, CancellationToken cancellationToken) =>
        await ip.RunCheckedAsync(netns, ["link", "set", "dev", name, "down"], cancellationToken);

    /// <summary>
    /// Moves the link to <paramref name="targetNetns"/> (null: the process's own, addressed by pid). The kernel drops
    /// its addresses and sets it down on the way, so callers assign and bring it up again there.
    /// </summary>
    public async Task MoveAsync(string? netns, string name, string? targetNetns, CancellationToken cancellationToken) =>
        await ip.RunCheckedAsync(
            netns,
            ["link", "set", "dev", name, "netns", targetNetns ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            cancellationToken);

    /// <summary>Deletes the link; one that is already gone is not an error.</summary>
    public async Task DeleteAsync(string? netns, string name, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(netns, name, cancellationToken))
        {
            await ip.RunCheckedAsync(netns, ["link", "delete", "dev", name], cancellationToken);
        }
    }

    /// <summary>A veth pair with one end in each namespace, addressed and up: the wire between two test or demo nodes.</summary>
    public async Task AddVethPairAsync(VethEnd first, VethEnd second, CancellationToken cancellationToken)
    {
        // Created in the first namespace with the peer end placed straight into the second, so no end ever
        // appears (even briefly) in the process's own namespace.
        await ip.RunCheckedAsync(
            first.Netns,
            ["link", "add", first.Name, "type", "veth", "peer", "name", second.Name, .. PeerNamespace(second.Netns)],
            cancellationToken);
        foreach (var end in new[] { first, second })
        {
            await AddAddressAsync(end.Netns, end.Name, end.Address, cancellationToken);
            await SetUpAsync(end.Netns, end.Name, cancellationToken);
        }
    }

    private static string[] PeerNamespace(string? netns) =>
        ["netns", netns ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
