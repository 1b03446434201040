using System.Diagnostics;
using System.Security.Cryptography;
using Dtaas.TestSupport;

namespace Dtaas.Gateway.Tests.Upstreams;

/// <summary>
/// Files served by ordinary web servers arrive whole through the gateway, fetched with curl: through the origin's own
/// gateway and through a remote member's (two hops). Bodies of 100 kB and more from nginx or python's http.server
/// once arrived short and never ended (the last chunk of a Content-Length body stayed unflushed); the project's own
/// test service, which sends chunked bodies, did not show it.
/// </summary>
public sealed class RealUpstreamTests
{
    private static readonly int[] Sizes = [1_000, 100_000, 3_000_000, 20_000_000];

    public static TheoryData<UpstreamKind, bool> Cases()
    {
        var cases = new TheoryData<UpstreamKind, bool>();
        foreach (var kind in Enum.GetValues<UpstreamKind>())
        {
            cases.Add(kind, false);
            cases.Add(kind, true);
        }
        return cases;
    }

    [UpstreamTheory]
    [MemberData(nameof(Cases))]
    public async Task Every_file_arrives_whole_with_its_hash(UpstreamKind kind, bool throughRemoteMember)
    {
        UpstreamTheoryAttribute.RequirePrerequisites();
        var files = Sizes.ToDictionary(size => $"file-{size}.bin", size => RandomNumberGenerator.GetBytes(size));
        await using var upstream = await UpstreamServer.StartAsync(kind, files);
        await using var topology = await Topology.StartAsync();
        var host = throughRemoteMember ? Topology.RemoteHost : Topology.LocalHost;
        if (throughRemoteMember)
        {
            topology.SetOrigin(topology.OriginApp(service: upstream.Address));
        }
        else
        {
            topology.Directory.ByHost[Topology.LocalHost] = new LocalAppTarget(topology.OriginApp(service: upstream.Address, appId: Topology.LocalAppId));
        }

        foreach (var (name, content) in files)
        {
            var received = await CurlAsync(topology.PublicGateway.Address, host, name);
            Assert.True(content.Length == received.Length, $"{name} from {kind}: {received.Length} of {content.Length} bytes");
            Assert.Equal(Convert.ToHexString(SHA256.HashData(content)), Convert.ToHexString(SHA256.HashData(received)));
        }
    }

    private static async Task<byte[]> CurlAsync(Uri gateway, string host, string name)
    {
        var output = Path.GetTempFileName();
        try
        {
            using var curl = Process.Start(new ProcessStartInfo("curl",
                ["--silent", "--show-error", "--max-time", "30", "--output", output, "--header", $"Host: {host}", new Uri(gateway, name).ToString()])
            {
                RedirectStandardError = true,
            })!;
            var error = await curl.StandardError.ReadToEndAsync();
            await curl.WaitForExitAsync();
            Assert.True(curl.ExitCode == 0, $"curl {name} through {host}: exit {curl.ExitCode}: {error.Trim()}");
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
