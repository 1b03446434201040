using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>
/// A kind the typed client can serve generically: it knows where it lives in the API and how it is
/// (de)serialized. Static members keep the client free of reflection and of per-kind registration.
/// </summary>
public interface IKubernetesResource<TSelf> : IKubernetesObject
    where TSelf : class, IKubernetesResource<TSelf>
{
    static abstract ResourceKind ResourceKind { get; }

    static abstract JsonTypeInfo<TSelf> JsonTypeInfo { get; }

    static abstract JsonTypeInfo<KubernetesList<TSelf>> ListJsonTypeInfo { get; }
}
