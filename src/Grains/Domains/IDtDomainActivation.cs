using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Orleans;

namespace Dtaas.Grains.Domains;

/// <summary>
/// The dtDomain grain's activation as its two roles see it: what the grain offers them (<see cref="CreatorRole"/>, <see cref="MemberRole"/>): the object
/// (the domain's state), the work both share (the overlay and dtPeers follow a member list), and the grain's timers
/// and turns. The roles hold the decisions; the grain holds the activation.
/// </summary>
internal interface IDtDomainActivation
{
    /// <summary>namespace/name of the dtDomain.</summary>
    string Key { get; }

    /// <summary>The object as last read or written.</summary>
    DtDomain State { get; }

    /// <summary>Whether the object exists (as last read).</summary>
    bool Exists { get; }

    IGrainFactory Grains { get; }

    /// <summary>Reads the object again (from the watcher's cache).</summary>
    Task ReadAsync(CancellationToken cancellationToken);

    Task WriteAsync(DtDomain desired, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="desired"/> if it differs, logs it and, for a new message, records a Warning event.</summary>
    Task WriteIfChangedAsync(DtDomain desired, string reason, string message, CancellationToken cancellationToken);

    /// <summary>Puts the overlay and the dtPeers in line with <paramref name="memberList"/>.</summary>
    Task ApplyAsync(MemberList memberList, CancellationToken cancellationToken);

    /// <summary>Reads and reconciles the object in this turn.</summary>
    Task ReconcileNowAsync(CancellationToken cancellationToken);

    /// <summary>Reconciles the object again in a turn of its own, after this one.</summary>
    void ReconcileSoon();

    /// <summary>Runs <paramref name="callback"/> once in a turn of this grain after <paramref name="dueTime"/>.</summary>
    IDisposable After(TimeSpan dueTime, Func<CancellationToken, Task> callback);

    /// <summary>Runs <paramref name="callback"/> in a turn of this grain every <paramref name="period"/>.</summary>
    IDisposable Every(TimeSpan period, Func<CancellationToken, Task> callback);
}
