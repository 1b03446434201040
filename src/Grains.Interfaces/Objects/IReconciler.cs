using Orleans;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// One object grain (key <c>namespace/name</c>, see <see cref="ObjectKey"/>) as the node's watcher drives it, like
/// controller-runtime's <c>Reconciler</c>: called when the object changes, is deleted, or is relisted; every kind's
/// grain implements it, so the watcher registers a kind with one line.
/// </summary>
[Alias("dtaas.Reconciler")]
public interface IReconciler : IGrainWithStringKey
{
    /// <summary>Puts the world in line with the object as stored now; returns when to look again (null: only on the next change).</summary>
    [Alias("Reconcile"), NodeInternal]
    Task<TimeSpan?> Reconcile(CancellationToken cancellationToken);
}
