using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// Which object a grain stands for: its namespace and name, the grain key <c>namespace/name</c>. The one place that
/// key is parsed and formatted.
/// </summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>The key of <paramref name="item"/>.</summary>
    public static ObjectKey Of(IKubernetesObject item) => new(item.Metadata.Namespace ?? "", item.Metadata.Name ?? "");

    /// <summary>The key a grain was activated with; a key without exactly one <c>/</c> between two non-empty parts is a bug in its caller.</summary>
    public static ObjectKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1 || key.IndexOf('/', slash + 1) >= 0)
        {
            throw new FormatException($"'{key}' is not an object key: expected namespace/name");
        }
        return new ObjectKey(key[..slash], key[(slash + 1)..]);
    }

    /// <summary>Another object in the same namespace (of this kind or another).</summary>
    public ObjectKey Sibling(string name) => this with { Name = name };

    public override string ToString() => $"{Namespace}/{Name}";
}
