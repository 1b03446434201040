using System.Net;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// An HTTP client as a user in a node's namespace has one when the node's name resolves to its gateway: every host
/// (<c>&lt;id&gt;.node1.example.org</c>) connects to <paramref name="gateway"/>, from inside <paramref name="netns"/>,
/// so requests carry the app's real Host header.
/// </summary>
public static class GatewayHttp
{
    public static SocketsHttpHandler CreateHandler(string netns, IPEndPoint gateway) => new()
    {
        ConnectCallback = NamespacedHttp.ConnectInside(netns, gateway),
        AllowAutoRedirect = false,
        UseProxy = false,
    };

    public static HttpClient CreateClient(NetnsSilo silo, TimeSpan? timeout = null) =>
        new(CreateHandler(silo.Node.Netns, new IPEndPoint(silo.Node.Address, NetnsSilo.GatewayPort))) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>A client of <paramref name="silo"/>'s h2c gateway port (requests still need Version 2.0 set).</summary>
    public static HttpClient CreateH2cClient(NetnsSilo silo) =>
        new(CreateHandler(silo.Node.Netns, new IPEndPoint(silo.Node.Address, NetnsSilo.H2cGatewayPort))) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The URL of <paramref name="path"/> of app <paramref name="appId"/> on <paramref name="silo"/> (its URI plus the gateway port).</summary>
    public static Uri AppUrl(NetnsSilo silo, string appId, string path) => new($"http://{appId}.{silo.NodeName}:{NetnsSilo.GatewayPort}{path}");
}
