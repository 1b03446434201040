using System.Globalization;
using System.Net;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// Configures and reads an interface with wireguard-tools' <c>wg</c> (<c>wg set</c>, <c>wg show NAME dump</c>): the
/// kernel module's equivalent of the UAPI. <c>wg</c> also speaks to wireguard-go's socket, which is how this is tested here.
/// </summary>
internal sealed class WgCli(IpCommand ip)
{
    public const string Executable = "wg";

    public async Task ConfigureAsync(WireGuardDevice device, DeviceConfig config, CancellationToken cancellationToken)
    {
        // wg set has neither replace-peers nor an additive allowed-ips, so both are computed from the current state.
        var needsCurrent = config.ReplacePeers || config.Peers.Any(peer => !peer.Remove && !peer.ReplaceAllowedIps);
        var current = needsCurrent ? (await GetStateAsync(device, cancellationToken)).Peers : [];
        var stale = config.ReplacePeers
            ? current.Where(peer => config.Peers.All(wanted => wanted.PublicKey != peer.PublicKey)).Select(peer => PeerConfig.Removal(peer.PublicKey))
            : [];
        var peers = config.Peers.Select(peer => peer.Remove || peer.ReplaceAllowedIps
            ? peer
            : peer with
            {
                AllowedIps = [.. (current.FirstOrDefault(had => had.PublicKey == peer.PublicKey)?.AllowedIps ?? []).Union(peer.AllowedIps)],
                ReplaceAllowedIps = true,
            });
        var arguments = SetArguments(device.Name, config with { Peers = [.. stale, .. peers] });
        // The private key travels on stdin, never on a command line that ps would show.
        var input = config.PrivateKey is { } key ? key.ToBase64() + "\n" : null;
        await CheckedAsync(device, arguments, cancellationToken, input);
    }

    public async Task<DeviceState> GetStateAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        ParseDump((await CheckedAsync(device, ["show", device.Name, "dump"], cancellationToken)).Stdout);

    /// <summary>The arguments of one <c>wg set</c> for <paramref name="config"/>, with the private key read from stdin.</summary>
    public static IReadOnlyList<string> SetArguments(string name, DeviceConfig config)
    {
        var arguments = new List<string> { "set", name };
        if (config.PrivateKey is not null)
        {
            arguments.AddRange(["private-key", "/dev/stdin"]);
        }
        if (config.ListenPort is { } port)
        {
            arguments.AddRange(["listen-port", Invariant(port)]);
        }
        foreach (var peer in config.Peers)
        {
            arguments.AddRange(["peer", peer.PublicKey.ToBase64()]);
            if (peer.Remove)
            {
                arguments.Add("remove");
                continue;
            }
            if (peer.Endpoint is { } endpoint)
            {
                arguments.AddRange(["endpoint", endpoint.ToString()]);
            }
            if (peer.PersistentKeepaliveSeconds is { } keepalive)
            {
                arguments.AddRange(["persistent-keepalive", keepalive == 0 ? "off" : Invariant(keepalive)]);
            }
            // wg set's allowed-ips replaces the list (ConfigureAsync has merged additions into it already).
            if (peer.ReplaceAllowedIps || peer.AllowedIps.Count > 0)
            {
                arguments.AddRange(["allowed-ips", string.Join(',', peer.AllowedIps)]);
            }
        }
        return arguments;
    }

    /// <summary>
    /// Parses <c>wg show NAME dump</c>: a device line (private key, public key, port, fwmark) then one tab-separated
    /// line per peer (public key, preshared key, endpoint, allowed ips, latest handshake, rx, tx, keepalive).
    /// </summary>
    public static DeviceState ParseDump(string dump)
    {
        var lines = dump.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();
        if (lines.Count == 0 || lines[0].Length < 4 || lines.Skip(1).Any(fields => fields.Length < 8))
        {
            // Not the dump itself: its first field is the device's private key.
            throw new FormatException($"unexpected wg dump: {lines.Count} lines of {string.Join(", ", lines.Select(fields => fields.Length))} tab-separated fields");
        }
        var device = lines[0];
        var peers = lines.Skip(1).Select(fields => new PeerState(
            WireGuardKey.Parse(fields[0]),
            fields[2] == "(none)" ? null : IPEndPoint.Parse(fields[2]),
            fields[3] == "(none)" ? [] : fields[3].Split(',').Select(IPNetwork.Parse).ToList(),
            fields[4] == "0" ? null : DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[4], CultureInfo.InvariantCulture)),
            long.Parse(fields[5], CultureInfo.InvariantCulture),
            long.Parse(fields[6], CultureInfo.InvariantCulture),
            fields[7] == "off" ? 0 : int.Parse(fields[7], CultureInfo.InvariantCulture)));
        return new DeviceState(
            device[1] == "(none)" ? WireGuardKey.Zero : WireGuardKey.Parse(device[1]),
            int.Parse(device[2], CultureInfo.InvariantCulture),
            peers.ToList());
    }

    private async Task<ProcessResult> CheckedAsync(WireGuardDevice device, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null)
    {
        var result = await ip.ExecAsync(device.Netns, Executable, arguments, cancellationToken, input);
        return result.Succeeded
            ? result
            : throw new CommandFailedException(ProcessRunner.CommandLine(Executable, arguments), result, $"exited {result.ExitCode} for {device.Name}: {result.Stderr.Trim()}");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
