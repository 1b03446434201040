namespace Dtaas.Grains.Interfaces.Models;

/// <summary>meta/v1 MicroTime: microseconds (lease acquire/renew times, event times).</summary>
public sealed class KubernetesMicroTimeConverter() : KubernetesTimestampConverter("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
