using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>
/// The objects of one Orleans cluster's membership in one namespace: its <see cref="DtSiloTable"/> named after the
/// cluster, and its <see cref="DtSilo"/>s named after the cluster and the silo, all labelled with the cluster so one
/// namespace can hold several clusters' tables.
/// </summary>
public sealed record SiloMembershipScope
{
    public const string ClusterLabel = "sid.sightlineinnovation.com/orleans-cluster";

    private const int MaxKeyLength = 50;

    public SiloMembershipScope(string @namespace, string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        Namespace = @namespace;
        ClusterId = clusterId;
        ClusterKey = KeyOf(clusterId);
    }

    public string Namespace { get; }

    public string ClusterId { get; }

    /// <summary>The cluster id as a name prefix and label value (it is itself when it already is a valid one).</summary>
    public string ClusterKey { get; }

    public string TableName => ClusterKey;

    public ListOptions Rows => new() { LabelSelector = $"{ClusterLabel}={ClusterKey}" };

    public ObjectMeta Metadata(string name) => new()
    {
        Name = name,
        Namespace = Namespace,
        Labels = new Dictionary<string, string> { [ClusterLabel] = ClusterKey },
    };

    /// <summary>e.g. <c>dtaas-0f3c…-10-1-2-3-11111-130456789</c>: readable in <c>kubectl get dtsilos</c>, one per silo run.</summary>
    public string RowName(SiloAddress silo) =>
        $"{ClusterKey}-{Sanitize(silo.Endpoint.Address.ToString())}-{silo.Endpoint.Port}-{silo.Generation}";

    /// <summary>
    /// Object names and label values allow lowercase letters, digits and '-' (and at most 63 characters in a label);
    /// a cluster id that needs changing gets a hash of the original so two ids never share a key.
    /// </summary>
    private static string KeyOf(string clusterId)
    {
        var sanitized = Sanitize(clusterId);
        if (sanitized == clusterId && sanitized.Length <= MaxKeyLength && char.IsAsciiLetterOrDigit(sanitized[0]) && char.IsAsciiLetterOrDigit(sanitized[^1]))
        {
            return sanitized;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clusterId)))[..10];
        var prefix = sanitized[..Math.Min(sanitized.Length, MaxKeyLength - hash.Length - 1)].Trim('-');
        return prefix.Length == 0 ? hash : $"{prefix}-{hash}";
    }

    private static string Sanitize(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-').ToArray();
        return new string(chars);
    }
}
