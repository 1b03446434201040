using k8s.LeaderElection;

namespace Dtaas.Kubernetes.Election;

/// <summary>
/// The library's lock with each successful write of this candidate's record reported to the <see cref="LeaseFence"/>,
/// stamped with the time it was sent.
/// </summary>
internal sealed class FencedLeaseLock(ILock inner, LeaseFence fence) : ILock
{
    public string Identity => inner.Identity;

    public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default) => inner.GetAsync(cancellationToken);

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        Stamped(record, inner.CreateAsync, cancellationToken);

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        Stamped(record, inner.UpdateAsync, cancellationToken);

    public string Describe() => inner.Describe();

    private async Task<bool> Stamped(LeaderElectionRecord record, Func<LeaderElectionRecord, CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        var sentAt = fence.Now();
        var written = await write(record, cancellationToken).ConfigureAwait(false);
        if (written && record.HolderIdentity == inner.Identity)
        {
            fence.Written(sentAt);
        }
        return written;
    }
}
