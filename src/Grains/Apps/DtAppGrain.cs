using Dtaas.Grains.Domains;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Apps;

/// <summary>
/// A dtApp (DESIGN.md 2.4). On the origin (made by a user): the id and URI, the checks that it can be served, and a
/// word to the node's catalog, which shares it. On a member (a replica, named by the id): exactly what the catalog
/// placed; a user's edit or deletion is undone and the object says why, since only the origin may change the app.
/// </summary>
public sealed class DtAppGrain(
    NodeDescription node,
    IEventRecorder events,
    ILocalObjects objects,
    ILogger<DtAppGrain> logger,
    IObjectWriter writer,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtApp> app) : Grain, IDtAppGrain
{
    /// <summary>
    /// A replica a user deleted comes back after this: the deletion completes first, so <c>kubectl delete</c> (which
    /// waits for the object it deleted to go) returns instead of finding the new one in its place.
    /// </summary>
    private static readonly TimeSpan RestoreDelay = TimeSpan.FromSeconds(1);

    private AppReplica? _placed; // the catalog's last word on this replica, while this activation lives
    private IGrainTimer? _restore;

    private string Key => this.GetPrimaryKeyString();

    private string Namespace => ObjectKey.Parse(Key).Namespace;

    public Task<DtApp?> Get() => Task.FromResult(objects.Find<DtApp>(this.GetPrimaryKeyString()));

    public Task<ObjectWrite<DtApp>> Apply(DtApp desired, CancellationToken cancellationToken)
    {
        var current = objects.Find<DtApp>(Key);
        return current is not null && AppObjects.IsReplica(current)
            ? Task.FromResult(ReplicaRefused())
            : UserWrites.ApplyAsync(writer, Key, desired, current,
                (app, user) => app with { ServiceSelector = user.ServiceSelector, DomainSelector = user.DomainSelector, Spec = user.Spec }, cancellationToken);
    }

    public Task<ObjectWrite<DtApp>> Delete(CancellationToken cancellationToken) =>
        objects.Find<DtApp>(Key) is { } current && AppObjects.IsReplica(current)
            ? Task.FromResult(ReplicaRefused())
            : UserWrites.DeleteAsync<DtApp>(writer, Key, cancellationToken);

    private ObjectWrite<DtApp> ReplicaRefused() =>
        new(409, $"dtApp {Key} is a replica of an app another member shares: only its origin changes or deletes it", null);

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
        await app.ReadStateAsync(cancellationToken);
        if (!app.RecordExists)
        {
            if (_placed is not null)
            {
                RestoreSoon(); // deleted past the finalizer, or the echo of our own deletion
                return null;
            }
            RefreshCatalog(); // an origin app was deleted: the members hear it
            DeactivateOnIdle();
            return null;
        }
        if ((AppObjects.ReadReplica(app.State) ?? _placed) is { } replica)
        {
            await KeepReplicaAsync(replica, cancellationToken);
            return null;
        }
        if (app.State.Metadata.DeletionTimestamp is null)
        {
            await ReconcileOriginAsync(cancellationToken);
        }
        RefreshCatalog();
        return null;
    }

    public async Task Recheck(CancellationToken cancellationToken)
    {
        await app.ReadStateAsync(cancellationToken);
        if (app.RecordExists && !AppObjects.IsReplica(app.State) && app.State.Metadata.DeletionTimestamp is null)
        {
            await ReconcileOriginAsync(cancellationToken);
        }
    }

    public async Task Replicate(AppReplica? replica, CancellationToken cancellationToken)
    {
        _placed = replica;
        await app.ReadStateAsync(cancellationToken);
        if (replica is null)
        {
            if (app.RecordExists)
            {
                await DeleteReplicaAsync(cancellationToken);
            }
            DeactivateOnIdle();
            return;
        }
        var current = app.RecordExists && app.State.Metadata.DeletionTimestamp is null ? app.State : null;
        var desired = AppObjects.Replica(replica, Namespace, node, current, current?.Message);
        if (current is not null && desired.SameAs(current))
        {
            return;
        }
        if (app.RecordExists && current is null)
        {
            await DeleteReplicaAsync(cancellationToken); // being deleted by a user as the origin changes it: make it anew
        }
        await WriteAsync(desired, cancellationToken);
        logger.LogInformation("dtApp {App}: replica of {Origin} on node {Node} {What}, domains {Domains}", Key, replica.App.OriginName,
            replica.App.OriginNodeName, current is null ? "created" : "updated", string.Join(",", replica.DomainNames));
    }

    private async Task ReconcileOriginAsync(CancellationToken cancellationToken)
    {
        var observed = app.State;
        var id = AppObjects.OriginId(observed) ?? throw new InvalidOperationException($"dtApp {Key} has no uid");
        var problem = AppValidation.Problem(observed);
        var desired = observed with
        {
            Uri = node.UriOf(id),
            Status = problem is null ? null : DtAppStatus.Failed,
            Message = problem is null ? AppValidation.Unshared(observed, SharingDomain.Of(objects.Domains(), objects.Peers(), node.Id)) : $"Not served: {problem}.",
        };
        if (desired.SameAs(observed))
        {
            return;
        }
        await WriteAsync(desired, cancellationToken);
        if (problem is null)
        {
            logger.LogInformation("dtApp {App}: published as {Uri} for domains {Domains}{Message}", Key, desired.Uri, string.Join(",", desired.DomainSelector!.Name!),
                desired.Message is null ? "" : $" ({desired.Message})");
        }
        else
        {
            logger.LogWarning("dtApp {App}: {Message}", Key, desired.Message);
            await events.RecordAsync(desired, EventKind.Warning, "Invalid", desired.Message!, cancellationToken);
        }
    }

    private async Task KeepReplicaAsync(AppReplica replica, CancellationToken cancellationToken)
    {
        var observed = app.State;
        if (observed.Metadata.DeletionTimestamp is not null)
        {
            if (observed.Metadata.HasFinalizer(AppObjects.ReplicaFinalizer))
            {
                _placed = replica;
                await DeleteReplicaAsync(cancellationToken);
                RestoreSoon();
            }
            return;
        }
        var desired = AppObjects.Replica(replica, Namespace, node, observed, observed.Message);
        if (!desired.SameAs(observed))
        {
            await RestoreAsync(replica, observed, "it was edited", cancellationToken);
        }
    }

    private void RestoreSoon() => _restore ??= this.RegisterGrainTimer(RestoreDeletedAsync, RestoreDelay, Timeout.InfiniteTimeSpan);

    private async Task RestoreDeletedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await app.ReadStateAsync(cancellationToken);
            if (_placed is { } placed && !app.RecordExists)
            {
                await RestoreAsync(placed, null, "it was deleted", cancellationToken);
            }
        }
        finally
        {
            // Disposed only now: disposing a timer cancels the token of the callback it is running.
            var done = _restore;
            _restore = null;
            done?.Dispose();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _restore?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Puts the replica back as placed, saying why.</summary>
    private async Task RestoreAsync(AppReplica replica, DtApp? observed, string what, CancellationToken cancellationToken)
    {
        var origin = replica.App;
        var message = $"DTaaS undid a change to this replica ({what}): dtApp {origin.OriginName} on node {origin.OriginNodeName} is its origin; change or delete it there.";
        await WriteAsync(AppObjects.Replica(replica, Namespace, node, observed, message), cancellationToken);
        logger.LogWarning("dtApp {App}: {Message}", Key, message);
        await events.RecordAsync(app.State, EventKind.Warning, "ReplicaRestored", message, cancellationToken);
    }

    private async Task DeleteReplicaAsync(CancellationToken cancellationToken)
    {
        if (app.State.Metadata.HasFinalizer(AppObjects.ReplicaFinalizer))
        {
            app.State = app.State with { Metadata = app.State.Metadata.WithFinalizer(AppObjects.ReplicaFinalizer, present: false) };
            await app.WriteStateAsync(cancellationToken);
        }
        if (app.RecordExists)
        {
            await app.ClearStateAsync(cancellationToken);
        }
        if (_placed is null)
        {
            logger.LogInformation("dtApp {App}: replica deleted", Key);
        }
    }

    private async Task WriteAsync(DtApp desired, CancellationToken cancellationToken)
    {
        app.State = desired;
        await app.WriteStateAsync(cancellationToken);
    }

    private void RefreshCatalog()
    {
        var catalog = GrainFactory.GetGrain<IAppCatalogGrain>(Namespace);
        CatalogNotice.Send(() => catalog.Refresh(CancellationToken.None), "dtApp", Key, logger);
    }
}
