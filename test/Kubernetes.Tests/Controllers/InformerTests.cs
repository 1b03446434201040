using Dtaas.TestSupport;
using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Microsoft.Extensions.Logging;

namespace Dtaas.Kubernetes.Tests.Controllers;

/// <summary>An informer against the real standalone API server, through expiry, outage and resync.</summary>
public sealed class InformerTests : IAsyncLifetime
{
    private const string Ns = ApiServerHarness.Namespace;
    private readonly ConcurrentQueue<string> _reported = new();
    private readonly RecordingLogger _log = new();
    private ApiServerHarness _api = null!;

    public async Task InitializeAsync() => _api = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task After_410_Gone_it_relists_and_reports_what_changed_meanwhile_and_only_that()
    {
        await _api.CreateDomainAsync("kept");
        await _api.CreateDomainAsync("removed");
        var client = new ExpiringWatchClient(_api.Client);
        var informer = await StartAsync(client, Timeout.InfiniteTimeSpan);

        client.DropEvents();
        await _api.Client.DeleteAsync<DtDomain>("removed", Ns);
        await _api.CreateDomainAsync("added");
        await client.ExpireAsync();

        await Eventually.Until(() => informer.Cache.Keys.Order().SequenceEqual(["node0/added", "node0/kept"]), "the cache relisted");
        await Eventually.Until(() => Reports("node0/added") == 1 && Reports("node0/removed") == 2, "the vanished and the new key reported");
        Assert.Equal(1, Reports("node0/kept"));
        Assert.True(client.Expirations >= 1);
        Assert.True(_log.Has(LogLevel.Information, "relisting"));
    }

    [Fact]
    public async Task When_the_server_goes_away_and_comes_back_it_reconnects_and_resumes()
    {
        await _api.CreateDomainAsync("before");
        var informer = await StartAsync(_api.Client, Timeout.InfiniteTimeSpan);

        await _api.StopAsync();
        await Eventually.Until(() => _log.Has(LogLevel.Warning, "reconnecting"), "a failed reconnect logged");
        await _api.StartAgainAsync();
        await _api.CreateDomainAsync("after");

        await Eventually.Until(() => Reports("node0/after") == 1, "the object created after the outage reported");
        Assert.True(informer.Cache.TryGet("node0/after", out _));
        Assert.Equal(1, Reports("node0/before"));
        // The restarted server still knew the last version the informer saw (a bookmark's): it resumed, no relist.
        Assert.False(_log.Has(LogLevel.Information, "relisting"));
    }

    [Fact]
    public async Task Each_resync_reports_every_cached_key_again()
    {
        await _api.CreateDomainAsync("a");
        await _api.CreateDomainAsync("b");
        await StartAsync(_api.Client, TimeSpan.FromMilliseconds(100));

        await Eventually.Until(() => Reports("node0/a") >= 3 && Reports("node0/b") >= 3, "both keys reported by resyncs");
    }

    private int Reports(string key) => _reported.Count(k => k == key);

    private async Task<Informer<DtDomain>> StartAsync(IKubernetesClient client, TimeSpan resyncPeriod)
    {
        var informer = new Informer<DtDomain>(
            client,
            new InformerOptions
            {
                Namespace = Ns,
                ResyncPeriod = resyncPeriod,
                ReconnectBackoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
            },
            _reported.Enqueue,
            _log);
        _api.Run(informer.RunAsync);
        await informer.Cache.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        return informer;
    }
}
