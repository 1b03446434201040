using Dtaas.Kubernetes.Access;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>
/// Orleans' membership table in Kubernetes objects: a <see cref="DtSilo"/> per row and a <see cref="DtSiloTable"/> with
/// the table version, in one namespace, for one cluster (<see cref="SiloMembershipScope"/>).
/// <para>
/// The table and row etags of the membership protocol are fields of those objects, not their resourceVersions, which
/// serve only as the compare-and-swap of each write. A write checks the table etag and the row's etag, then commits by
/// replacing the dtSiloTable (new version, new etag, and the row as written in <see cref="DtSiloTable.Pending"/>) at the
/// resourceVersion it read: of several writers with the same etags exactly one commits, and the others find a new table
/// etag and answer false. Then it writes the row and clears <c>Pending</c>. A reader reads the table before and after
/// the rows and keeps the rows when no write committed in between, showing a committed write its row does not have yet
/// from <c>Pending</c>; the next writer writes such a row before checking its own. A heartbeat changes only the row's
/// <c>iAmAliveTime</c> (with its resourceVersion as the guard, again on conflict), so neither etag moves.
/// </para>
/// </summary>
public sealed partial class KubernetesSiloMembershipTable(IKubernetesClient client, SiloMembershipScope scope, ILogger<KubernetesSiloMembershipTable> logger)
    : IMembershipTable
{
    /// <summary>How many times a read or write starts again when the table moves under it without a competing write having won.</summary>
    private const int MaxAttempts = 8;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        if (!tryInitTableVersion)
        {
            return;
        }
        try
        {
            await client.CreateAsync(
                new DtSiloTable { Metadata = scope.Metadata(scope.TableName), ClusterId = scope.ClusterId, Version = 0, Etag = NewEtag() },
                cancellationToken);
            LogTableCreated(scope.ClusterId, scope.Namespace, scope.TableName);
        }
        catch (KubernetesConflictException)
        {
            // Another silo of the cluster made it first.
        }
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        ReadAsync(async ct => (await client.ListAsync<DtSilo>(scope.Namespace, scope.Rows, ct)).Items, only: null, cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        var name = scope.RowName(key);
        return ReadAsync(
            async ct => await client.TryGetAsync<DtSilo>(name, scope.Namespace, ct) is { } row ? [row] : [],
            only: name,
            cancellationToken);
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteAsync(entry, insert: true, rowEtag: null, tableVersion, cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteAsync(entry, insert: false, etag, tableVersion, cancellationToken);

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        var alive = SiloMembershipRows.Utc(entry.IAmAliveTime);
        await client.UpdateWithRetryAsync<DtSilo>(
            scope.RowName(entry.SiloAddress), scope.Namespace, row => row with { IAmAliveTime = alive }, cancellationToken);
    }

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        // A committed write's row first: a row deleted below must not come back from Pending.
        await SettleAsync(cancellationToken);
        var rows = await client.ListAsync<DtSilo>(scope.Namespace, scope.Rows, cancellationToken);
        foreach (var row in rows.Items)
        {
            var entry = SiloMembershipRows.ToEntry(row);
            var updated = SiloMembershipRows.LastUpdate(entry);
            if (entry.Status != SiloStatus.Dead || updated >= beforeDate)
            {
                continue;
            }
            // Only as read: a row written since is looked at again next time.
            if (await TryDeleteAsync<DtSilo>(row.Metadata.Name!, row.Metadata.ResourceVersion, cancellationToken))
            {
                LogDefunctRemoved(entry.SiloAddress, updated, scope.ClusterId);
            }
        }
    }

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        var target = new SiloMembershipScope(scope.Namespace, clusterId);
        // The table first: a write that comes after fails for want of it, so no row comes back from its Pending.
        await TryDeleteAsync<DtSiloTable>(target.TableName, resourceVersion: null, cancellationToken);
        var rows = await client.ListAsync<DtSilo>(target.Namespace, target.Rows, cancellationToken);
        foreach (var row in rows.Items)
        {
            await TryDeleteAsync<DtSilo>(row.Metadata.Name!, resourceVersion: null, cancellationToken);
        }
        LogEntriesDeleted(clusterId, target.Namespace, rows.Items.Count);
    }

    /// <summary>
    /// The rows and the version of one moment: the table is read before and after the rows, which belong to its version
    /// when no write committed in between (the etag is the same). <paramref name="only"/> names the one row read, if so.
    /// </summary>
    private async Task<MembershipTableData> ReadAsync(
        Func<CancellationToken, Task<IReadOnlyList<DtSilo>>> readRows, string? only, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = await TryGetTableAsync(cancellationToken);
            var rows = await readRows(cancellationToken);
            var after = await TryGetTableAsync(cancellationToken);
            if (before?.Etag == after?.Etag)
            {
                return Snapshot(before, rows, only);
            }
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException(
                    $"The membership table of cluster {scope.ClusterId} changed during each of {MaxAttempts} reads in a row.");
            }
            await BackoffAsync(attempt, cancellationToken);
        }
    }

    private static MembershipTableData Snapshot(DtSiloTable? table, IReadOnlyList<DtSilo> rows, string? only)
    {
        var byName = rows.ToDictionary(r => r.Metadata.Name!);
        // The committed write whose row was not written yet when the rows were read.
        if (table?.Pending is { Silo.Metadata.Name: { } name } pending && (only is null || only == name)
            && Applied(byName.GetValueOrDefault(name), pending) is { } row)
        {
            byName[name] = row;
        }
        var version = new TableVersion(table?.Version ?? 0, table?.Etag ?? "");
        return new MembershipTableData(byName.Values.Select(r => Tuple.Create(SiloMembershipRows.ToEntry(r), r.Etag ?? "")).ToList(), version);
    }

    private async Task<bool> WriteAsync(MembershipEntry entry, bool insert, string? rowEtag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var name = scope.RowName(entry.SiloAddress);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var table = await TryGetTableAsync(cancellationToken);
            if (table is null || table.Etag != tableVersion.VersionEtag)
            {
                LogRefused(insert ? "insert" : "update", entry.SiloAddress, "the table etag is not the current one", scope.ClusterId);
                return false;
            }
            // The last committed write's row must be there before this write checks its own.
            if (table.Pending is { } pending)
            {
                await ApplyAsync(pending, cancellationToken);
            }
            var current = await client.TryGetAsync<DtSilo>(name, scope.Namespace, cancellationToken);
            if (insert ? current is not null : current is null || current.Etag != rowEtag)
            {
                LogRefused(insert ? "insert" : "update", entry.SiloAddress, insert ? "the row exists" : "the row etag is not the current one", scope.ClusterId);
                return false;
            }

            var write = new DtSiloWrite { FromEtag = current?.Etag, Silo = SiloMembershipRows.ToObject(entry, scope, NewEtag()) };
            DtSiloTable committed;
            try
            {
                committed = await client.UpdateAsync(
                    table with { Version = tableVersion.Version, Etag = NewEtag(), Pending = write }, cancellationToken);
            }
            catch (KubernetesConflictException)
            {
                // The table moved: either a competing write committed (the etag check says so next round) or a finished
                // write was cleared from it.
                continue;
            }

            try
            {
                await ApplyAsync(write, cancellationToken);
                await TryClearPendingAsync(committed, cancellationToken);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
            {
                // Committed all the same: readers show the row from Pending and the next writer writes it.
                LogRowWriteDeferred(e, entry.SiloAddress, scope.ClusterId);
            }
            LogWritten(insert ? "Inserted" : "Updated", entry.SiloAddress, entry.Status, tableVersion.Version, scope.ClusterId);
            return true;
        }
        LogRefused(insert ? "insert" : "update", entry.SiloAddress, $"the table kept changing ({MaxAttempts} attempts)", scope.ClusterId);
        return false;
    }

    /// <summary>Writes a committed write's row, unless it is there already or a later write's is.</summary>
    private async Task ApplyAsync(DtSiloWrite write, CancellationToken cancellationToken)
    {
        var name = write.Silo.Metadata.Name!;
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.TryGetAsync<DtSilo>(name, scope.Namespace, cancellationToken);
            if (Applied(current, write) is not { } row)
            {
                return;
            }
            try
            {
                _ = current is null ? await client.CreateAsync(row, cancellationToken) : await client.UpdateAsync(row, cancellationToken);
                return;
            }
            catch (KubernetesApiException e) when (e is KubernetesConflictException or KubernetesNotFoundException && attempt < MaxAttempts)
            {
                // A heartbeat, or another silo writing the same row: look again.
                await BackoffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The row as <paramref name="write"/> leaves <paramref name="current"/>, or null when there is nothing to write: the
    /// row has moved on from the etag the write replaced (to the write's own, or to a later write's).
    /// </summary>
    private static DtSilo? Applied(DtSilo? current, DtSiloWrite write)
    {
        if (current is not null && current.Etag != write.FromEtag)
        {
            return null;
        }
        // A heartbeat may have reached the row after the write was committed; the later time stands.
        var alive = current?.IAmAliveTime > write.Silo.IAmAliveTime ? current.IAmAliveTime : write.Silo.IAmAliveTime;
        return write.Silo with { Metadata = current?.Metadata ?? write.Silo.Metadata, IAmAliveTime = alive };
    }

    /// <summary>Writes the row of the last committed write, if any, and clears it from the table.</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await TryGetTableAsync(cancellationToken) is not { Pending: { } pending } table)
            {
                return;
            }
            await ApplyAsync(pending, cancellationToken);
            if (await TryClearPendingAsync(table, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>False when the table changed since <paramref name="table"/> was read (a later writer then settles it).</summary>
    private async Task<bool> TryClearPendingAsync(DtSiloTable table, CancellationToken cancellationToken)
    {
        try
        {
            await client.UpdateAsync(table with { Pending = null }, cancellationToken);
            return true;
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
    }

    private Task<DtSiloTable?> TryGetTableAsync(CancellationToken cancellationToken) =>
        client.TryGetAsync<DtSiloTable>(scope.TableName, scope.Namespace, cancellationToken);

    /// <summary>False when the object is gone already or (with <paramref name="resourceVersion"/>) changed since it was read.</summary>
    private async Task<bool> TryDeleteAsync<T>(string name, string? resourceVersion, CancellationToken cancellationToken)
        where T : class, Grains.Interfaces.Models.IKubernetesResource<T>
    {
        var options = resourceVersion is null ? null : new Grains.Interfaces.Models.V1DeleteOptions
        {
            Preconditions = new Grains.Interfaces.Models.V1Preconditions { ResourceVersion = resourceVersion },
        };
        try
        {
            await client.DeleteAsync<T>(name, scope.Namespace, options, cancellationToken);
            return true;
        }
        catch (KubernetesApiException e) when (e is KubernetesNotFoundException or KubernetesConflictException)
        {
            return false;
        }
    }

    private static Task BackoffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5 << attempt, 500) * (0.5 + Random.Shared.NextDouble())), cancellationToken);

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the membership table of Orleans cluster {ClusterId} in {Namespace} (dtSiloTable {Name})")]
    private partial void LogTableCreated(string clusterId, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} silo {Silo} ({Status}) at table version {Version} of cluster {ClusterId}")]
    private partial void LogWritten(string action, SiloAddress silo, SiloStatus status, int version, string clusterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo membership {Action} of silo {Silo} refused: {Reason} (cluster {ClusterId})")]
    private partial void LogRefused(string action, SiloAddress silo, string reason, string clusterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The membership write of silo {Silo} is committed but its dtSilo is not written yet; the next reader or writer of cluster {ClusterId} writes it")]
    private partial void LogRowWriteDeferred(Exception exception, SiloAddress silo, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed defunct silo {Silo} (dead, last updated {Updated:o}) from cluster {ClusterId}")]
    private partial void LogDefunctRemoved(SiloAddress silo, DateTimeOffset updated, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the membership of Orleans cluster {ClusterId} in {Namespace} ({Count} silos)")]
    private partial void LogEntriesDeleted(string clusterId, string @namespace, int count);
}
