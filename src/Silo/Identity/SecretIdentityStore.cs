using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Silo.Identity;

/// <summary>
/// The node's identity in a cluster: the Secret <c>dtaas-node-identity</c> in the silo's namespace, so every replica
/// (and every restart on a new pod) is the same node with the same key. Two replicas starting at once agree: the
/// second create fails with AlreadyExists and that replica reads the first one's Secret.
/// </summary>
public static class SecretIdentityStore
{
    public const string SecretName = "dtaas-node-identity";

    public static async Task<NodeIdentity> LoadOrCreateAsync(IKubernetesClient client, string @namespace, string nodeName, CancellationToken cancellationToken)
    {
        var where = $"Secret {@namespace}/{SecretName}";
        var existing = await client.TryGetAsync<V1Secret>(SecretName, @namespace, cancellationToken);
        if (existing is null)
        {
            var created = NodeIdentity.CreateNew(nodeName);
            try
            {
                await client.CreateAsync(new V1Secret
                {
                    Metadata = new ObjectMeta { Name = SecretName, Namespace = @namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "dtaas" } },
                    Type = "Opaque",
                    Data = new Dictionary<string, byte[]>
                    {
                        ["id"] = Encoding.UTF8.GetBytes(created.Id),
                        ["privateKey"] = Encoding.UTF8.GetBytes(created.Keys.PrivateKey.ToBase64()),
                    },
                }, cancellationToken);
                return created;
            }
            catch (KubernetesConflictException)
            {
                existing = await client.GetAsync<V1Secret>(SecretName, @namespace, cancellationToken);
            }
        }
        return NodeIdentity.Restore(Text(existing, "id"), Text(existing, "privateKey"), nodeName, where);
    }

    private static string? Text(V1Secret secret, string key) =>
        secret.Data?.TryGetValue(key, out var value) == true ? Encoding.UTF8.GetString(value) : null;
}
