using System.Net;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Devices;

/// <summary>One node's side of a test overlay: its interface, keys, overlay address and UDP port.</summary>
public sealed record OverlayEnd(WireGuardDevice Device, KeyPair Keys, IPAddress Address, int Port)
{
    public IPEndPoint Service(int port) => new(Address, port);
}
