using System.Net;
using System.Net.Sockets;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests;

/// <summary>What an operator sees when a silo cannot start: one line naming the option at fault, and a failing exit code.</summary>
public sealed class SiloStartupTests
{
    [Theory]
    [InlineData("gateway-listen")]
    [InlineData("gateway-h2c-listen")]
    [InlineData("gateway-tls-listen")]
    [InlineData("client-listen")]
    [InlineData("metrics-listen")]
    public async Task A_port_already_taken_fails_naming_the_option(string option)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("dtaas-startup-");
        try
        {
            // Every other listener on a free port of its own, so only the one under test meets the taken port.
            var ports = new Dictionary<string, string>
            {
                ["api-listen"] = $"127.0.0.1:{FreePort()}",
                ["client-listen"] = $"127.0.0.1:{FreePort()}",
                ["gateway-listen"] = $"127.0.0.1:{FreePort()}",
                ["gateway-h2c-listen"] = $"127.0.0.1:{FreePort()}",
                ["gateway-tls-listen"] = $"127.0.0.1:{FreePort()}",
                ["metrics-listen"] = $"127.0.0.1:{FreePort()}",
            };
            ports[option] = $"127.0.0.1:{port}";
            string[] arguments = [SiloProcess.SiloDll, "--data-dir", data.FullName, .. ports.SelectMany(p => new[] { $"--{p.Key}", p.Value })];

            var result = await new ProcessRunner(TimeSpan.FromSeconds(60)).RunAsync("dotnet", arguments, CancellationToken.None);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains($"cannot start: --{option} 127.0.0.1:{port}: ", result.Stderr);
            Assert.Contains("address already in use", result.Stderr);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
