using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Services;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Dtaas.Grains.Domains;

/// <summary>
/// <see cref="IDomainFanOutGrain"/>: reentrant, so an ask arriving while a round waits on other grains only marks that
/// one more round is due (the counts are only touched between awaits, one turn at a time).
/// </summary>
[Reentrant, PreferLocalPlacement]
public sealed class DomainFanOutGrain(ILogger<DomainFanOutGrain> logger) : Grain, IDomainFanOutGrain
{
    private readonly Rounds _catalogs = new();
    private readonly Rounds _reconciles = new();

    private string Key => this.GetPrimaryKeyString();

    public Task TellServices(IReadOnlyList<string> serviceNames)
    {
        var key = ObjectKey.Parse(Key);
        return Task.WhenAll(serviceNames.Select(async name =>
        {
            try
            {
                await GrainFactory.GetGrain<IDtServiceGrain>(key.Sibling(name).ToString()).Reconcile(CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning("dtDomain {Domain}: dtService {Service} did not follow yet; the watcher retries: {Reason}", Key, name, e.Message);
            }
        }));
    }

    public Task TellCatalogs() => _catalogs.RunAsync(async () =>
    {
        try
        {
            await DomainFanOut.TellCatalogsAsync(GrainFactory, ObjectKey.Parse(Key).Namespace, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("dtDomain {Domain}: the node's apps or users did not follow the member list yet: {Reason}", Key, e.Message);
        }
    });

    public Task ReconcileDomain() => _reconciles.RunAsync(async () =>
    {
        try
        {
            await GrainFactory.GetGrain<IDtDomainGrain>(Key).Reconcile(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("dtDomain {Domain}: applying the member list failed; the watcher retries: {Reason}", Key, e.Message);
        }
    });

    /// <summary>Runs a round unless one is running; one running goes round once more for all asks meanwhile.</summary>
    private sealed class Rounds
    {
        private int _asked; // asks since the running round began; 0: none running

        public async Task RunAsync(Func<Task> round)
        {
            if (++_asked != 1)
            {
                return;
            }
            for (int seen = 1; ; seen = _asked)
            {
                await round();
                if (_asked == seen)
                {
                    _asked = 0;
                    return;
                }
            }
        }
    }
}
