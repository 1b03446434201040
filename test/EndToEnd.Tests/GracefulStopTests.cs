using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// SIGTERM, as Kubernetes stops a pod, at any moment: the silo stops taking connections, lets a request in flight
/// finish, and exits 0 within its --shutdown-timeout.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class GracefulStopTests : IDisposable
{
    private const int ShutdownTimeout = 10;

    // The bound, plus the time a loaded 2-core machine may take to schedule the exit.
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(ShutdownTimeout + 5);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("dtaas-stop-");

    public void Dispose() => _data.Delete(recursive: true);

    [Theory]
    // Before the grain runtime starts, and while it starts (the moments that ended in exit 134 or an ignored SIGTERM).
    [InlineData("Created API token")]
    [InlineData("Standalone Kubernetes API listening")]
    public async Task A_SIGTERM_during_start_up_stops_the_silo_with_exit_code_0(string moment)
    {
        await using var silo = SiloProcess.Begin(Path.Combine(_data.FullName, "data"), "--shutdown-timeout", $"{ShutdownTimeout}");
        await silo.WaitForOutputAsync(moment, TimeSpan.FromSeconds(60));

        silo.Terminate();

        Assert.Equal(0, await silo.WaitForExitAsync(ExitBound));
    }

    [Fact]
    public async Task A_SIGTERM_lets_a_request_in_flight_finish_refuses_new_connections_and_exits_0()
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(_data.FullName, "data"), extraArgs: ["--shutdown-timeout", $"{ShutdownTimeout}"]);
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, silo.GatewayPort);
        var stream = slow.GetStream();
        // A slow client: the request has begun (its first header line sent) when SIGTERM arrives.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1/doc HTTP/1.1\r\nHost: 127.0.0.1\r\n"));

        silo.Terminate();
        await silo.WaitForOutputAsync("stopping within", TimeSpan.FromSeconds(10));
        await Eventually.Until(() => AcceptsAsync(silo.GatewayPort), accepts => !accepts, TimeSpan.FromSeconds(5), "the gateway refusing new connections while stopping");
        await stream.WriteAsync(Encoding.ASCII.GetBytes("Connection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync();

        Assert.StartsWith("HTTP/1.1 200", status);
        Assert.Equal(0, await silo.WaitForExitAsync(ExitBound));
        Assert.Contains("Stopped", silo.Output);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
