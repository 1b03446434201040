using System.Text.Json;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// What the federation tests do and read on a node, all through the real kubectl inside the node's namespace, as a
/// user would: create or join a dtDomain, annotate it, read dtDomains, dtPeers and the member list.
/// </summary>
public static class FederationKubectl
{
    public const string MemberListAnnotation = "sid.sightlineinnovation.com/membership";
    public const string ExpiresAtAnnotation = "sid.sightlineinnovation.com/invite-expires-at";
    public const string MaxUsesAnnotation = "sid.sightlineinnovation.com/invite-max-uses";
    public const string UsesAnnotation = "sid.sightlineinnovation.com/invite-uses";
    public const string RotateAnnotation = "sid.sightlineinnovation.com/rotate-invite-token";

    /// <summary>Statuses a join ends in; Joining and Pending are on the way.</summary>
    private static readonly string[] JoinOutcomes = ["Ready", "Failed", "Removed"];

    public static string JoinAddress(this NetnsSilo creator) => $"{creator.Node.Address}:{NetnsSilo.GatewayPort}";

    /// <summary>Creates dtDomain <paramref name="name"/> (the seed example for mydomain), waits until Ready and returns its invite token.</summary>
    public static async Task<string> CreateDomainAsync(this NetnsSilo silo, string name, CancellationToken cancellationToken)
    {
        var manifest = name == "mydomain"
            ? Path.Combine(RepositoryRoot.Examples, "dtdomain.yaml")
            : await silo.WriteManifestAsync($"dtdomain-{name}", $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtDomain\nmetadata:\n  name: {name}\n", cancellationToken);
        await silo.KubectlCheckedAsync("apply", "-f", manifest);
        var ready = await Eventually.Until(
            () => silo.KubectlCheckedAsync("get", "dtdomain", name, "-o", "jsonpath={.status} {.inviteToken}"),
            stdout => stdout.StartsWith("Ready ", StringComparison.Ordinal),
            what: $"dtDomain {name} Ready on {silo.NodeName}");
        return ready["Ready ".Length..];
    }

    /// <summary>Applies a joining dtDomain (spec.peer) as a user writes it; does not wait.</summary>
    public static async Task ApplyJoinAsync(this NetnsSilo joiner, string name, string address, string token, CancellationToken cancellationToken)
    {
        var yaml = $"""
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtDomain
            metadata:
              name: {name}
            spec:
              peer:
                address: "{address}"
                inviteToken: "{token}"

            """;
        await joiner.ApplyManifestAsync($"dtdomain-{name}", yaml, cancellationToken);
    }

    /// <summary>
    /// Waits until the join of <paramref name="name"/> has an outcome (Ready, Failed or Removed) and returns the object.
    /// With <paramref name="final"/>, a Failed that says it is trying again (a creator too busy to answer, say) is not
    /// an outcome yet: the wait goes on until the join is in, removed, or refused for good.
    /// </summary>
    public static async Task<JsonElement> WaitForJoinOutcomeAsync(this NetnsSilo joiner, string name, TimeSpan? timeout = null, bool final = false)
    {
        try
        {
            var domain = await Eventually.Until(
                () => joiner.GetAsync("dtdomain", name),
                found => found is { } d && JoinOutcomes.Contains(d.String("status"))
                    && !(final && d.String("status") == "Failed" && d.String("message")?.Contains("trying again", StringComparison.Ordinal) == true),
                timeout ?? TimeSpan.FromSeconds(30),
                what: $"an outcome of joining {name} on {joiner.NodeName}");
            return domain!.Value;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{joiner.NodeName}'s output:\n{joiner.Output}", e);
        }
    }

    /// <summary>Waits until <paramref name="silo"/> has exactly <paramref name="count"/> dtPeers, all connected; the failure shows the silo's log.</summary>
    public static async Task WaitUntilConnectedAsync(this NetnsSilo silo, int count, TimeSpan timeout)
    {
        try
        {
            await Eventually.Until(silo.ListPeersAsync, peers => peers.Count == count && peers.AllConnected, timeout,
                what: $"{count} connected dtPeers on {silo.NodeName}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{silo.NodeName}'s output:\n{silo.Output}", e);
        }
    }

    /// <summary>The object as JSON, or null when it does not exist.</summary>
    public static async Task<JsonElement?> GetAsync(this NetnsSilo silo, string kind, string name)
    {
        var result = await silo.Kubectl.RunAsync("get", kind, name, "-o", "json");
        if (result.ExitCode != 0 && result.Stderr.Contains("NotFound", StringComparison.Ordinal))
        {
            return null;
        }
        Assert.True(result.ExitCode == 0, $"{silo.NodeName}: kubectl get {kind} {name}: {result}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    public static async Task<PeerList> ListPeersAsync(this NetnsSilo silo)
    {
        var list = JsonDocument.Parse(await silo.KubectlCheckedAsync("get", "dtpeers", "-o", "json")).RootElement;
        return new PeerList([.. list.GetProperty("items").EnumerateArray().Select(item => item.Clone())]);
    }

    /// <summary>The member list annotation of dtDomain <paramref name="name"/> as it is stored (raw JSON), or null.</summary>
    public static async Task<string?> MemberListJsonAsync(this NetnsSilo silo, string name) =>
        await silo.GetAsync("dtdomain", name) is { } domain ? domain.Annotation(MemberListAnnotation) : null;

    public static async Task<MemberList?> MemberListAsync(this NetnsSilo silo, string name) =>
        await silo.MemberListJsonAsync(name) is { } json ? JsonSerializer.Deserialize(json, GrainsJsonContext.Default.MemberList) : null;

    /// <summary>Sets (or, with a null value, removes) an annotation on a dtDomain.</summary>
    public static Task AnnotateDomainAsync(this NetnsSilo silo, string name, string key, string? value) =>
        silo.KubectlCheckedAsync("annotate", "dtdomain", name, "--overwrite", value is null ? $"{key}-" : $"{key}={value}");

    public static async Task<string> KubectlCheckedAsync(this NetnsSilo silo, params string[] args)
    {
        var result = await silo.Kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"{silo.NodeName}: kubectl {string.Join(' ', args)}: {result}\nsilo output:\n{silo.Output}");
        return result.Stdout;
    }

    public static string? String(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    public static bool? Bool(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public static string? Annotation(this JsonElement element, string key) =>
        element.GetProperty("metadata").TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty(key, out var value)
            ? value.GetString()
            : null;

    public static IReadOnlyList<string> Peers(this JsonElement domain) =>
        domain.TryGetProperty("peers", out var peers) && peers.ValueKind == JsonValueKind.Array
            ? [.. peers.EnumerateArray().Select(peer => peer.GetString()!)]
            : [];

    /// <summary>Writes <paramref name="yaml"/> to <paramref name="file"/>.yaml in the node's kubectl home and returns the path.</summary>
    public static async Task<string> WriteManifestAsync(this NetnsSilo silo, string file, string yaml, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(silo.Home, $"{file}.yaml");
        await File.WriteAllTextAsync(path, yaml, cancellationToken);
        return path;
    }

    /// <summary>Writes a manifest as a user would and applies it with kubectl.</summary>
    public static async Task ApplyManifestAsync(this NetnsSilo silo, string file, string yaml, CancellationToken cancellationToken = default) =>
        await silo.KubectlCheckedAsync("apply", "-f", await silo.WriteManifestAsync(file, yaml, cancellationToken));
}
