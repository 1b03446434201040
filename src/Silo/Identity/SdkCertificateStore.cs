using Dtaas.ApiServer;
using Dtaas.Client;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Identity;

/// <summary>
/// Where a node keeps its <see cref="SdkCertificates"/>: standalone, the data directory's <c>sdk/</c> (readable by the
/// silo's user only); in a cluster, the Secret <see cref="SecretName"/> in the silo's namespace, so every replica serves
/// the same gateway certificate, presents the same silo certificate and a service mounts the same client certificate.
/// Made once, on first need; a kept set an older version made (no silo certificate, or a certificate without its
/// role's usages) is issued anew, once, with a Warning: SDK clients then need the new <c>client.pfx</c>.
/// </summary>
public static class SdkCertificateStore
{
    public const string SecretName = "dtaas-sdk-certificates";

    public static SdkCertificates LoadOrCreate(DataDirectory data, string nodeId, ILogger logger)
    {
        var directory = Path.Combine(data.Path, "sdk");
        var kept = new Dictionary<string, byte[]>();
        foreach (var name in (string[])[SdkCertificates.AuthorityFile, SdkCertificates.ServerFile, SdkCertificates.ClientFile, SdkCertificates.SiloFile])
        {
            if (File.Exists(Path.Combine(directory, name)))
            {
                kept[name] = File.ReadAllBytes(Path.Combine(directory, name));
            }
        }
        var outdated = kept.Count > 0 ? SdkCertificates.Outdated(kept) : "none kept";
        if (outdated is null)
        {
            return SdkCertificates.Import(kept, directory);
        }
        var created = SdkCertificates.Create(nodeId);
        PrivateFiles.Secure(directory);
        foreach (var (name, content) in created.Export())
        {
            DataDirectory.WriteSecret(Path.Combine(directory, name), content);
        }
        if (kept.Count > 0)
        {
            LogReissued(logger, directory, outdated);
        }
        return created;
    }

    public static async Task<SdkCertificates> LoadOrCreateAsync(IKubernetesClient client, string @namespace, string nodeId, ILogger logger, CancellationToken cancellationToken)
    {
        var where = $"Secret {@namespace}/{SecretName}";
        while (true)
        {
            var kept = await client.TryGetAsync<V1Secret>(SecretName, @namespace, cancellationToken);
            var outdated = kept?.Data is { } data ? SdkCertificates.Outdated(data) : null;
            if (kept?.Data is { } current && outdated is null)
            {
                return SdkCertificates.Import(current, where);
            }
            var created = SdkCertificates.Create(nodeId);
            try
            {
                if (kept is null)
                {
                    await client.CreateAsync(new V1Secret
                    {
                        Metadata = new ObjectMeta { Name = SecretName, Namespace = @namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "dtaas" } },
                        Type = "Opaque",
                        Data = created.Export().ToDictionary(),
                    }, cancellationToken);
                }
                else
                {
                    // With the resourceVersion read: of replicas upgrading at once, one replaces the set and the others use it.
                    await client.UpdateAsync(kept with { Data = created.Export().ToDictionary() }, cancellationToken);
                    LogReissued(logger, where, outdated ?? "no data");
                }
                return created;
            }
            catch (KubernetesConflictException)
            {
                // Another replica made or replaced them first: use its.
            }
        }
    }

    private static void LogReissued(ILogger logger, string where, string? outdated) =>
        logger.LogWarning("SDK certificates in {Where} issued anew ({Reason}): SDK clients beyond loopback need the new {ClientFile} and {AuthorityFile}",
            where, outdated, SdkCertificates.ClientFile, SdkCertificates.AuthorityFile);
}
