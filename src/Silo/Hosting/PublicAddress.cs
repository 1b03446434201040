using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// <c>--public-address</c>: the host (and gateway port) other nodes use to reach this one. Without it: the first
/// non-loopback IPv4 address of an interface that is up, and the port of <c>--gateway-listen</c>.
/// </summary>
public static class PublicAddress
{
    public static (string Host, int GatewayPort) Resolve(string? option, IPEndPoint gateway)
    {
        if (string.IsNullOrWhiteSpace(option))
        {
            return (FirstNonLoopbackAddress()?.ToString() ?? "127.0.0.1", gateway.Port);
        }
        var text = option.Trim();
        int colon = text.LastIndexOf(':');
        bool hasPort = colon > 0 && !text.EndsWith(']') && (text.StartsWith('[') || text.IndexOf(':') == colon);
        if (!hasPort)
        {
            return (Validated(text.Trim('[', ']'), option), gateway.Port);
        }
        return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? (Validated(text[..colon].Trim('[', ']'), option), port)
            : throw new ArgumentException($"--public-address '{option}': the port must be 1-65535.");
    }

    public static int ParsePort(string optionName, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"--{optionName} '{value}' is not a port (1-65535).");

    private static string Validated(string host, string option) =>
        host.Length > 0 && (IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns)
            ? host
            : throw new ArgumentException($"--public-address '{option}' is not host[:port].");

    private static IPAddress? FirstNonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            // Not an overlay of our own (after a restart those are up too).
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback &&
                !nic.Name.StartsWith(WireGuard.Devices.InterfaceNames.Prefix, StringComparison.Ordinal))
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
}
