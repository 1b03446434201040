using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.TestSupport;

namespace Dtaas.Kubernetes.Tests.Access;

/// <summary>The standalone API's 410 Expired, as the library receives it, is the Gone an informer relists on.</summary>
public sealed class ExpiredWatchTests
{
    [Fact]
    public async Task A_watch_from_a_version_the_restarted_server_no_longer_has_is_Gone_with_the_servers_message()
    {
        await using var server = await TestServer.StartAsync();
        string? before;
        using (var client = KubernetesApiClient.FromKubeconfig(server.Server.KubeconfigPath))
        {
            await client.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = "a", Namespace = "node0" } });
            before = (await client.ListAsync<DtDomain>("node0")).Metadata.ResourceVersion;
            await client.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = "b", Namespace = "node0" } });
        }

        // History does not survive a restart, as after etcd compaction.
        await server.RestartAsync();
        using var again = KubernetesApiClient.FromKubeconfig(server.Server.KubeconfigPath);
        var gone = await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in again.WatchAsync<DtDomain>("node0", new ListOptions { ResourceVersion = before }))
            {
            }
        });

        Assert.Equal("Expired", gone.Reason);
        Assert.Contains($"too old resource version: {before}", gone.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await again.ListAsync<DtDomain>("node0")).Items.Count);
    }
}
