namespace Dtaas.Grains.Ports;

/// <summary>Reads one key of a Secret in a namespace (a dtUser's password), read fresh at every use and never cached.</summary>
public interface ISecretKeys
{
    Task<SecretKeyValue> ReadAsync(string @namespace, string secret, string key, CancellationToken cancellationToken);
}
