using System.Net;

namespace Dtaas.Federation.Harness;

/// <summary>
/// Stands an overlay address 100.x.a.b in for the loopback alias 127.x.a.b: Linux routes all of 127.0.0.0/8 to the
/// loopback interface, so every node of every domain gets an address of its own without WireGuard or setup.
/// </summary>
public static class LoopbackAlias
{
    public static IPAddress Of(string overlayAddress)
    {
        var bytes = IPAddress.Parse(overlayAddress).GetAddressBytes();
        if (bytes.Length != 4 || bytes[0] != 100)
        {
            throw new ArgumentException($"'{overlayAddress}' is not in 100.64.0.0/10");
        }
        bytes[0] = 127;
        return new IPAddress(bytes);
    }

    /// <summary>The domain /16 an alias belongs to (its second byte), or null for other addresses.</summary>
    public static byte? NetworkOf(IPAddress alias) =>
        alias.GetAddressBytes() is [127, var network, _, _] && network >= 64 ? network : null;
}
