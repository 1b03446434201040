using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Federation;

/// <summary>
/// A catalog grain's outgoing side: the newest set meant for each member through each shared domain, delivered by a
/// <see cref="LatestValuePusher{TKey,TValue}"/> and retried on the grain's timer until taken. The grain says what set
/// each member gets, how it is sent and how a set not taken yet is described in the log; it disposes this on deactivation.
/// </summary>
public sealed class CatalogPusher<TSet>(
    IGrainBase grain,
    Func<(Guid Domain, string Node), TSet, CancellationToken, Task> send,
    Func<TSet, TSet?, bool> same,
    Func<(Guid Domain, string Node), TSet, string> describe,
    TimeSpan retryInterval,
    ILogger logger) : IDisposable
    where TSet : class
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly LatestValuePusher<(Guid Domain, string Node), TSet> _pusher = new(send, same, describe, CallTimeout, logger);
    private IGrainTimer? _retry;

    /// <summary>Makes these the sets to deliver (a member not named is sent nothing more) and sends the ones not taken yet.</summary>
    public void Want(IReadOnlyDictionary<(Guid Domain, string Node), TSet> sets)
    {
        _pusher.Want(sets);
        _retry ??= grain.RegisterGrainTimer(_ =>
        {
            _pusher.PushPending();
            return Task.CompletedTask;
        }, retryInterval, retryInterval);
    }

    public void Dispose() => _retry?.Dispose();
}
