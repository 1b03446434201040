using System.Net;
using System.Net.Sockets;

namespace Dtaas.WireGuard.Netns;

/// <summary>
/// An address on an interface with its prefix length, as <c>ip addr add 100.64.0.1/16</c> takes it. Unlike
/// <see cref="IPNetwork"/> the host bits are kept: they are the point.
/// </summary>
public sealed record InterfaceAddress
{
    public InterfaceAddress(IPAddress address, int prefixLength)
    {
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"prefix length must be 0..{max} for {address}");
        }
        Address = address;
        PrefixLength = prefixLength;
    }

    public IPAddress Address { get; }

    public int PrefixLength { get; }

    public static InterfaceAddress Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address) || !int.TryParse(text.AsSpan(slash + 1), out var prefix))
        {
            throw new FormatException($"'{text}' is not an address with a prefix length (e.g. 100.64.0.1/16)");
        }
        return new InterfaceAddress(address, prefix);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
