using Dtaas.Kubernetes.ApiServer;
using Dtaas.Client;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Silo.Identity;

/// <summary>
/// Where a node keeps its <see cref="SdkCertificates"/>: standalone, the data directory's <c>sdk/</c> (readable by the
/// silo's user only); in a cluster, the Secret <see cref="SecretName"/> in the silo's namespace, so every replica serves
/// the same gateway certificate and a service mounts the same client certificate. Made once, on first need.
/// </summary>
public static class SdkCertificateStore
{
    public const string SecretName = "dtaas-sdk-certificates";

    public static SdkCertificates LoadOrCreate(DataDirectory data, string nodeId)
    {
        var directory = Path.Combine(data.Path, "sdk");
        string[] names = [SdkCertificates.AuthorityFile, SdkCertificates.ServerFile, SdkCertificates.ClientFile];
        if (names.All(name => File.Exists(Path.Combine(directory, name))))
        {
            return SdkCertificates.Import(names.ToDictionary(name => name, name => File.ReadAllBytes(Path.Combine(directory, name))), directory);
        }
        var created = SdkCertificates.Create(nodeId);
        PrivateFiles.Secure(directory);
        foreach (var (name, content) in created.Export())
        {
            DataDirectory.WriteSecret(Path.Combine(directory, name), content);
        }
        return created;
    }

    public static async Task<SdkCertificates> LoadOrCreateAsync(IKubernetesClient client, string @namespace, string nodeId, CancellationToken cancellationToken)
    {
        var where = $"Secret {@namespace}/{SecretName}";
        if (await client.TryGetAsync<V1Secret>(SecretName, @namespace, cancellationToken) is { Data: { } kept })
        {
            return SdkCertificates.Import(kept, where);
        }
        var created = SdkCertificates.Create(nodeId);
        try
        {
            await client.CreateAsync(new V1Secret
            {
                Metadata = new ObjectMeta { Name = SecretName, Namespace = @namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "dtaas" } },
                Type = "Opaque",
                Data = created.Export().ToDictionary(),
            }, cancellationToken);
            return created;
        }
        catch (KubernetesConflictException)
        {
            // Another replica made them first: use its.
            var theirs = await client.GetAsync<V1Secret>(SecretName, @namespace, cancellationToken);
            return SdkCertificates.Import(theirs.Data ?? new Dictionary<string, byte[]>(), where);
        }
    }
}
