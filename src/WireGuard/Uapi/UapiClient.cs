using System.Net.Sockets;
using System.Text;
using Dtaas.WireGuard.Devices;

namespace Dtaas.WireGuard.Uapi;

/// <summary>
/// Talks to one WireGuard interface's UAPI unix socket (wireguard-go's <c>/var/run/wireguard/NAME.sock</c>). One
/// connection per transaction, as <c>wg</c> does; the socket path does not depend on the interface's network namespace.
/// </summary>
public sealed class UapiClient(string interfaceName, string socketPath)
{
    public const string DefaultDirectory = "/var/run/wireguard";

    /// <summary>A device answers at once; one that does not within this is hung, and the caller hears so.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public string InterfaceName { get; } = interfaceName;

    public string SocketPath { get; } = socketPath;

    public static UapiClient ForInterface(string interfaceName, string directory = DefaultDirectory) =>
        new(interfaceName, SocketPathFor(interfaceName, directory));

    public static string SocketPathFor(string interfaceName, string directory = DefaultDirectory) =>
        Path.Combine(directory, interfaceName + ".sock");

    public async Task<DeviceState> GetAsync(CancellationToken cancellationToken) =>
        UapiProtocol.ParseGet(InterfaceName, await ExchangeAsync(UapiProtocol.GetRequest, cancellationToken));

    public async Task SetAsync(DeviceConfig config, CancellationToken cancellationToken) =>
        UapiProtocol.CheckSetAnswer(InterfaceName, await ExchangeAsync(UapiProtocol.FormatSet(config), cancellationToken));

    /// <summary>True when a device answers on the socket; a leftover socket file with no listener is false.</summary>
    public async Task<bool> IsAliveAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            return false;
        }
        try
        {
            await GetAsync(cancellationToken);
            return true;
        }
        catch (UapiException)
        {
            return false;
        }
    }

    private async Task<string> ExchangeAsync(string request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), limit.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, limit.Token);
            return await ReadAnswerAsync(socket, limit.Token);
        }
        catch (SocketException e)
        {
            throw new UapiException(InterfaceName, null, $"UAPI socket {SocketPath}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UapiException(InterfaceName, null, $"UAPI socket {SocketPath} did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Reads until the blank line that ends an answer (or until the device closes the connection).</summary>
    private async Task<string> ReadAnswerAsync(Socket socket, CancellationToken cancellationToken)
    {
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return answer.ToString();
            }
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (answer.Length >= 2 && answer[^1] == '\n' && answer[^2] == '\n')
            {
                return answer.ToString();
            }
        }
    }
}
