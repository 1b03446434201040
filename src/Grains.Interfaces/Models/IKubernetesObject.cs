namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Any Kubernetes object that has a name: the shape every kind shares.</summary>
public interface IKubernetesObject
{
    string ApiVersion { get; }

    string Kind { get; }

    ObjectMeta Metadata { get; }
}
