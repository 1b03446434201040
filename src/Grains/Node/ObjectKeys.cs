using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Node;

/// <summary>An object's grain key (<c>namespace/name</c>).</summary>
public static class ObjectKeys
{
    public static string Of(IKubernetesObject item) => ObjectKey.Of(item).ToString();
}
