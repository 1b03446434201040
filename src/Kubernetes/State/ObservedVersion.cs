using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Controllers;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.State;

/// <summary>
/// The version of an object (or its absence) that the leader's cache held when the leader asked the object's grain to
/// reconcile it, carried with the call in Orleans' <see cref="RequestContext"/>. The grain may live on another replica,
/// whose own cache is fed by its own watch and may not have that version yet: <see cref="KubernetesGrainStorage"/>
/// then reads the object from the API rather than reconcile an older version, or none, and call it done.
/// </summary>
public static class ObservedVersion
{
    private const string ContextKey = "dtaas.observed-version";
    private const string Absent = "-";

    /// <summary>
    /// Until disposed, grain calls made from this async flow carry what <paramref name="cache"/> holds for
    /// <paramref name="key"/>; the reads of that one object (kind and key) are then at least that fresh.
    /// </summary>
    public static IDisposable Carry<T>(ObjectCache<T> cache, string key) where T : class, IKubernetesResource<T>
    {
        var version = cache.TryGet(key, out var seen) ? seen.Metadata.ResourceVersion ?? "" : Absent;
        RequestContext.Set(ContextKey, $"{T.ResourceKind.Kind} {key} {version}");
        return new Scope();
    }

    /// <summary>
    /// The version of this object that the call being served carries when <paramref name="cached"/> (this replica's
    /// copy, null when it has none) is behind it: the object is missing here, older, different, or here but gone
    /// there (then "none"). Null when the copy here will do, or the call carries nothing about this object.
    /// </summary>
    internal static string? AheadOf<T>(string key, T? cached) where T : class, IKubernetesResource<T>
    {
        if (RequestContext.Get(ContextKey) is not string carried)
        {
            return null;
        }
        var prefix = $"{T.ResourceKind.Kind} {key} ";
        if (!carried.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null; // carried on to a call about another object
        }
        var version = carried[prefix.Length..];
        if (version == Absent || cached is null)
        {
            return (version == Absent) == (cached is null) ? null : version == Absent ? "none" : version;
        }
        var mine = cached.Metadata.ResourceVersion;
        // resourceVersions are opaque, but etcd's and the standalone server's are increasing integers: a newer copy
        // here (this replica's own write) is not behind; any other difference is.
        var behind = long.TryParse(version, out var theirs) && long.TryParse(mine, out var ours) ? ours < theirs : version != mine;
        return behind ? version : null;
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => RequestContext.Remove(ContextKey);
    }
}
