using Dtaas.WireGuard.Netns;

namespace Dtaas.Service.Bench;

/// <summary>
/// The baseline path: a veth pair straight between two pod namespaces (10.123.0.1/30 ↔ 10.123.0.2/30, a range the
/// topology does not use), so the same two pods talk without WireGuard, the overlay or any silo. Made inside the pod
/// namespaces only; it would go with them, but disposing deletes it explicitly.
/// </summary>
public sealed class PodVeth : IAsyncDisposable
{
    public const string ServerAddress = "10.123.0.1";
    public const string ClientAddress = "10.123.0.2";
    private const string ServerEnd = "bench0";
    private const string ClientEnd = "bench1";

    private readonly IpCommand _ip;
    private readonly string _serverNetns;

    private PodVeth(IpCommand ip, string serverNetns)
    {
        _ip = ip;
        _serverNetns = serverNetns;
    }

    public static async Task<PodVeth> CreateAsync(IpCommand ip, string serverNetns, string clientNetns)
    {
        var veth = new PodVeth(ip, serverNetns);
        try
        {
            var none = CancellationToken.None;
            await ip.RunCheckedAsync(serverNetns, ["link", "add", ServerEnd, "type", "veth", "peer", "name", ClientEnd, "netns", clientNetns], none);
            await ip.RunCheckedAsync(serverNetns, ["address", "add", $"{ServerAddress}/30", "dev", ServerEnd], none);
            await ip.RunCheckedAsync(clientNetns, ["address", "add", $"{ClientAddress}/30", "dev", ClientEnd], none);
            await ip.RunCheckedAsync(serverNetns, ["link", "set", "dev", ServerEnd, "up"], none);
            await ip.RunCheckedAsync(clientNetns, ["link", "set", "dev", ClientEnd, "up"], none);
            return veth;
        }
        catch
        {
            await veth.DisposeAsync();
            throw;
        }
    }

    /// <summary>Deleting one end deletes the pair; gone already (or never made) is fine.</summary>
    public async ValueTask DisposeAsync() =>
        await _ip.RunAsync(_serverNetns, ["link", "delete", ServerEnd], CancellationToken.None);
}
