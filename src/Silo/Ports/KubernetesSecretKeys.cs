using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Silo.Ports;

/// <summary>The silo's <see cref="ISecretKeys"/>: one GET of the Secret per read (the Role allows get, not watch, on Secrets).</summary>
public sealed class KubernetesSecretKeys(IKubernetesClient client) : ISecretKeys
{
    public async Task<SecretKeyValue> ReadAsync(string @namespace, string secret, string key, CancellationToken cancellationToken) =>
        SecretKeys.Of(await client.TryGetAsync<V1Secret>(secret, @namespace, cancellationToken), secret, key);
}
