using System.Text.Json.Nodes;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.ApiServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Tests.Access;

/// <summary>The client, configured from the kubeconfig the standalone API server writes, against that server.</summary>
public sealed class StandaloneApiServerIntegrationTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private StandaloneApiServer? _server;
    private KubernetesApiClient? _client;

    private KubernetesApiClient Client => _client!;

    public async Task InitializeAsync()
    {
        _server = await StandaloneApiServer.StartAsync(
            new StandaloneApiServerOptions { DataDirectory = _directory.Path, Listen = "127.0.0.1:0", Namespace = "node0", BookmarkInterval = TimeSpan.FromMilliseconds(200) },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        _client = KubernetesApiClient.FromKubeconfig(_server.KubeconfigPath);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task A_dtDomain_goes_through_create_get_list_watch_update_patch_and_delete()
    {
        Assert.Equal("node0", Client.DefaultNamespace);
        var initial = await Client.ListAsync<DtDomain>("node0");
        using var stopWatching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<WatchEvent<DtDomain>>();
        var watching = Task.Run(async () =>
        {
            await foreach (var watchEvent in Client.WatchAsync<DtDomain>("node0", new ListOptions { ResourceVersion = initial.Metadata.ResourceVersion }, stopWatching.Token))
            {
                events.Add(watchEvent);
                if (watchEvent.Type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });

        var created = await Client.CreateAsync(new DtDomain
        {
            Metadata = new ObjectMeta { Name = "mydomain", Namespace = "node0", Labels = new Dictionary<string, string> { ["team"] = "a" } },
        });
        await Client.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = "other", Namespace = "node0", Labels = new Dictionary<string, string> { ["team"] = "b" } } });
        Assert.NotNull(created.Metadata.Uid);
        Assert.NotNull(created.Metadata.CreationTimestamp);

        var exists = await Assert.ThrowsAsync<KubernetesConflictException>(() => Client.CreateAsync(created with { Metadata = created.Metadata with { ResourceVersion = null, Uid = null } }));
        Assert.True(exists.IsAlreadyExists);

        var selected = await Client.ListAsync<DtDomain>("node0", new ListOptions { LabelSelector = "team=a" });
        Assert.Equal("mydomain", Assert.Single(selected.Items).Metadata.Name);
        Assert.Equal(2, (await Client.ListAsync<DtDomain>(null)).Items.Count);

        var ready = await Client.UpdateAsync(created with { InviteToken = "token", Status = DtDomainStatus.Ready });
        Assert.NotEqual(created.Metadata.ResourceVersion, ready.Metadata.ResourceVersion);
        var conflict = await Assert.ThrowsAsync<KubernetesConflictException>(() => Client.UpdateAsync(created with { Status = DtDomainStatus.Failed }));
        Assert.False(conflict.IsAlreadyExists);
        Assert.False(string.IsNullOrEmpty(conflict.Message));

        var retried = await Client.UpdateWithRetryAsync<DtDomain>("mydomain", "node0", d => d with { Peers = ["ca777327efb4498ab8c8876a6488701e"] });
        Assert.Equal(DtDomainStatus.Ready, retried.Status);

        var patched = await Client.PatchAsync<DtDomain>("mydomain", "node0", KubernetesPatch.Merge(new JsonObject { ["message"] = "patched", ["inviteToken"] = null }));
        Assert.Equal("patched", patched.Message);
        Assert.Null(patched.InviteToken);
        Assert.Equal(["ca777327efb4498ab8c8876a6488701e"], (await Client.GetAsync<DtDomain>("mydomain", "node0")).Peers);

        var invalid = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            Client.PatchAsync<DtDomain>("mydomain", "node0", KubernetesPatch.Merge(new JsonObject { ["peers"] = "not-a-list" })));
        Assert.Contains("peers", invalid.Message);

        await Client.DeleteAsync<DtDomain>("mydomain", "node0");
        await Assert.ThrowsAsync<KubernetesNotFoundException>(() => Client.GetAsync<DtDomain>("mydomain", "node0"));
        await watching;

        var forMine = events.Where(e => e.Type != WatchEventType.Bookmark && e.Object.Metadata.Name == "mydomain").Select(e => e.Type).ToList();
        Assert.Equal(WatchEventType.Added, forMine[0]);
        Assert.Equal(WatchEventType.Deleted, forMine[^1]);
        Assert.Equal(3, forMine.Count(t => t == WatchEventType.Modified));
    }

    [Fact]
    public async Task An_idle_watch_gets_bookmarks_to_resume_from()
    {
        var list = await Client.ListAsync<DtDomain>("node0");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var watchEvent in Client.WatchAsync<DtDomain>("node0", new ListOptions { ResourceVersion = list.Metadata.ResourceVersion }, stop.Token))
        {
            if (watchEvent.Type == WatchEventType.Bookmark)
            {
                Assert.False(string.IsNullOrEmpty(watchEvent.Object.Metadata.ResourceVersion));
                return;
            }
        }

        Assert.Fail("No bookmark arrived.");
    }
}
