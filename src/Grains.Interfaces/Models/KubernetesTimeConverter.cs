namespace Dtaas.Grains.Interfaces.Models;

/// <summary>meta/v1 Time: whole seconds (creationTimestamp, event first/last timestamps).</summary>
public sealed class KubernetesTimeConverter() : KubernetesTimestampConverter("yyyy-MM-dd'T'HH:mm:ss'Z'");
