namespace Dtaas.Grains.Node;

/// <summary>What the silo tells its grains about the node they run on.</summary>
/// <param name="PublicKey">The node's static X25519 public key (its WireGuard key), base64.</param>
public sealed record NodeDescription(string Id, string Name, DateTimeOffset StartedAt, string PublicKey)
{
    /// <summary><c>https</c> when this node's public gateway speaks TLS (<c>--gateway-tls-listen</c>), else <c>http</c>.</summary>
    public string UriScheme { get; init; } = "http";

    /// <summary>Where a dtApp or dtServable with <paramref name="id"/> is reached through this node's own gateway.</summary>
    public string UriOf(string id) => $"{UriScheme}://{id}.{Name}";
}
