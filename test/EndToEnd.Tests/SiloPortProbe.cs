using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// An outsider dialling a silo port from inside a namespace: what it gets before the connection ends. A silo writes
/// its Orleans preamble as soon as a connection is up, so getting those bytes means getting in; a refused connection
/// ends with nothing, or a TLS alert, and no application data.
/// </summary>
internal static class SiloPortProbe
{
    /// <summary>Bytes the silo sent before closing (or within 10 s), over plain TCP after a line of garbage.</summary>
    public static async Task<(byte[] Received, bool Closed)> PlainAsync(string netns, IPEndPoint silo)
    {
        using var socket = await ConnectAsync(netns, silo);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
        return await ReadUntilClosedAsync(stream);
    }

    /// <summary>
    /// The TLS handshake with <paramref name="certificate"/> (or none), accepting any server certificate: whether it
    /// completed, and the application bytes the silo sent afterwards before closing (or within 10 s).
    /// </summary>
    public static async Task<(bool Handshake, byte[] Received, bool Closed)> TlsAsync(string netns, IPEndPoint silo, X509Certificate2? certificate)
    {
        using var socket = await ConnectAsync(netns, silo);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, _, _, _) => true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "dtaas-silo",
                ClientCertificates = certificate is null ? null : [certificate],
                LocalCertificateSelectionCallback = certificate is null ? null : (_, _, _, _, _) => certificate,
            });
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return (false, [], true);
        }
        var (received, closed) = await ReadUntilClosedAsync(tls);
        return (true, received, closed);
    }

    private static async Task<Socket> ConnectAsync(string netns, IPEndPoint silo)
    {
        var socket = await NamespacedSockets.CreateAsync(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(silo);
        return socket;
    }

    private static async Task<(byte[] Received, bool Closed)> ReadUntilClosedAsync(Stream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return (received.ToArray(), true);
                }
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            return (received.ToArray(), false);
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            return (received.ToArray(), true);
        }
    }
}
