using System.Text.Json;
using Dtaas.TestSupport;
using k8s;
using k8s.Models;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Compares what silos asked of a standalone API (its <c>--api-audit-log</c>) with what k8s/deploy's Role grants, as
/// "group/resource verb" pairs: a call the Role lacks fails on a cluster; a grant nobody used is privilege to remove.
/// </summary>
internal static class RoleAudit
{
    public static IReadOnlySet<string> Granted()
    {
        var role = KubernetesYaml.Deserialize<V1Role>(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "k8s", "deploy", "role.yaml")));
        return role.Rules
            .SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.SelectMany(resource => rule.Verbs.Select(verb => Pair(group, resource, verb)))))
            .ToHashSet();
    }

    /// <summary>The calls silos made (kubectl's own calls, the test's, are left out).</summary>
    public static IReadOnlySet<string> Used(string auditLog) =>
        File.ReadLines(auditLog)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(entry => !entry.GetProperty("userAgent").GetString()!.StartsWith("kubectl", StringComparison.Ordinal))
            .Select(entry => Pair(entry.GetProperty("group").GetString()!, Resource(entry), entry.GetProperty("verb").GetString()!))
            .ToHashSet();

    private static string Resource(JsonElement entry) =>
        entry.TryGetProperty("subresource", out var sub) ? $"{entry.GetProperty("resource").GetString()}/{sub.GetString()}" : entry.GetProperty("resource").GetString()!;

    private static string Pair(string group, string resource, string verb) => $"{(group.Length == 0 ? "core" : group)}/{resource} {verb}";
}
