using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Silo.Api;

/// <summary>
/// Where a login comes from, for the throttle: the TCP peer of the gateway's connection, never a header the client sent
/// (X-Forwarded-For is the client's to write). IPv4 by address; IPv6 by its /64, which one host usually holds whole.
/// </summary>
public static class LoginSource
{
    public static string Of(ConnectionInfo connection) => Of(connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
