using System.Net;
using Dtaas.Kubernetes.SiloMembership;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.Tests.SiloMembership;

/// <summary>Real Orleans silos with the table, and what kubectl shows of it.</summary>
public sealed class SiloMembershipTests(SiloMembershipServer server) : IClassFixture<SiloMembershipServer>
{
    [Fact]
    public async Task Two_silos_of_one_cluster_find_each_other_through_the_table_and_both_become_active()
    {
        var scope = SiloMembershipServer.NewScope();
        var silos = new List<IHost>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var silo = Silo(scope);
                silos.Add(silo);
                await silo.StartAsync();
            }

            var table = await server.NewTableAsync(scope);
            var read = await Eventually.Until(table.ReadAll, data => data.Members.Count(m => m.Item1.Status == SiloStatus.Active) >= 2,
                TimeSpan.FromSeconds(20), "both silos Active");

            Assert.Equal(2, read.Members.Count);
            // Each silo's view, from its own membership service, agrees.
            foreach (var silo in silos)
            {
                var members = silo.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values;
                Assert.Equal(2, members.Count(m => m.Status == SiloStatus.Active));
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync(TimeSpan.FromSeconds(10));
                silo.Dispose();
            }
        }
    }

    [KubectlFact]
    public async Task Kubectl_get_dtsilos_shows_each_silo_with_its_address_status_start_and_heartbeat()
    {
        var scope = SiloMembershipServer.NewScope();
        var table = await server.NewTableAsync(scope);
        var active = SiloMembershipServer.Entry(11111, SiloStatus.Active, proxyPort: 30001, at: DateTime.UtcNow.AddMinutes(-3));
        var joining = SiloMembershipServer.Entry(11112, SiloStatus.Joining);
        foreach (var entry in new[] { active, joining })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        var get = await server.Server.Kubectl.RunAsync("get", "dtsilos", "-l", $"{SiloMembershipScope.ClusterLabel}={scope.ClusterKey}");

        Assert.True(get.ExitCode == 0, get.ToString());
        var lines = get.Stdout.TrimEnd().Split('\n');
        Assert.Matches(@"^NAME\s+ADDRESS\s+STATUS\s+STARTED\s+HEARTBEAT$", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Matches($@"^{scope.RowName(active.SiloAddress)}\s+127\.0\.0\.1:11111\s+Active\s+3m\d*s?\s+3m", lines[1]);
        Assert.Matches($@"^{scope.RowName(joining.SiloAddress)}\s+127\.0\.0\.1:11112\s+Joining\s+\d+s\s+\d+s", lines[2]);

        var wide = await server.Server.Kubectl.RunAsync("get", "dtsilos", "-o", "wide", "-l", $"{SiloMembershipScope.ClusterLabel}={scope.ClusterKey}");
        Assert.Matches(@"SILO\s+HOST\s+GATEWAY-PORT", wide.Stdout);
        Assert.Matches(@"Active\s+\S+\s+\S+\s+silo-11111\s+host0\s+30001", wide.Stdout);

        var tables = await server.Server.Kubectl.RunAsync("get", "dtsilotables", scope.TableName);
        Assert.Matches($@"{scope.TableName}\s+{scope.ClusterId}\s+2\s", tables.Stdout);
    }

    /// <summary>A silo of <paramref name="scope"/>'s cluster on loopback ports of its own, with no gateway.</summary>
    private IHost Silo(SiloMembershipScope scope)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseKubernetesSiloMembership(server.Client, scope.Namespace);
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (scope.ClusterId, scope.ClusterId));
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = FreePort();
                o.GatewayPort = 0;
            });
        });
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
