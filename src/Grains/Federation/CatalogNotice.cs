using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Federation;

/// <summary>
/// Tells one of the node's catalogs (apps, users) that an object changed, after the object grain's turn, not within
/// it (<see cref="AfterTurn"/>): the catalog calls object grains (to recheck or place replicas), and awaiting it within
/// the turn would have each wait for the other until the call timed out. Told again until it takes it: nothing else
/// would tell it of this object until the node's domains change.
/// </summary>
public static class CatalogNotice
{
    private static readonly TimeSpan RetryLimit = TimeSpan.FromSeconds(32);

    /// <summary>Sends the notice; call it within the object grain's turn.</summary>
    /// <param name="refresh">The catalog's refresh.</param>
    /// <param name="kind">The object's kind, for the log (<c>dtApp</c>).</param>
    /// <param name="key">The object's <c>namespace/name</c>, for the log.</param>
    public static void Send(Func<Task> refresh, string kind, string key, ILogger logger) =>
        AfterTurn.Start(async () =>
        {
            // 1, 2, 4 … 32 s apart: about two minutes, longer than any call can wait inside a silo that still runs.
            for (var delay = TimeSpan.FromSeconds(1); ; delay *= 2)
            {
                try
                {
                    await refresh();
                    return;
                }
                catch (Exception e) when (delay <= RetryLimit)
                {
                    logger.LogWarning("{Kind} {Object}: the node's catalog did not take the change yet, trying again in {Delay} s: {Reason}", kind, key,
                        delay.TotalSeconds, e.Message);
                }
                catch (Exception e)
                {
                    logger.LogError("{Kind} {Object}: the node's catalog did not take the change; it will at its next refresh: {Reason}", kind, key, e.Message);
                    return;
                }
                await Task.Delay(delay);
            }
        });
}
