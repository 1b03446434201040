using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Node;

/// <summary>Objects by their grain keys (<c>namespace/name</c>), as the informer caches hold them.</summary>
public static class ObjectKeys
{
    public static string Of(IKubernetesObject item) => ObjectKey.Of(item).ToString();

    /// <summary>The object whose key is <paramref name="key"/>, as kubectl shows it now (status included), or null.</summary>
    public static T? Find<T>(IReadOnlyList<T> objects, string key) where T : class, IKubernetesObject =>
        objects.FirstOrDefault(item => string.Equals(Of(item), key, StringComparison.Ordinal));
}
