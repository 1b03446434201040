using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>
/// The one source-generated serializer context for Kubernetes objects: camelCase as Kubernetes spells
/// fields, nulls left out when writing (so an update never clears what it did not set), and unknown
/// fields kept through each model's extension data.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DtDomain))]
[JsonSerializable(typeof(KubernetesList<DtDomain>))]
[JsonSerializable(typeof(WatchEvent<DtDomain>))]
[JsonSerializable(typeof(DtPeer))]
[JsonSerializable(typeof(KubernetesList<DtPeer>))]
[JsonSerializable(typeof(WatchEvent<DtPeer>))]
[JsonSerializable(typeof(DtApp))]
[JsonSerializable(typeof(KubernetesList<DtApp>))]
[JsonSerializable(typeof(WatchEvent<DtApp>))]
[JsonSerializable(typeof(DtService))]
[JsonSerializable(typeof(KubernetesList<DtService>))]
[JsonSerializable(typeof(WatchEvent<DtService>))]
[JsonSerializable(typeof(DtUser))]
[JsonSerializable(typeof(KubernetesList<DtUser>))]
[JsonSerializable(typeof(WatchEvent<DtUser>))]
[JsonSerializable(typeof(DtServable))]
[JsonSerializable(typeof(KubernetesList<DtServable>))]
[JsonSerializable(typeof(WatchEvent<DtServable>))]
[JsonSerializable(typeof(DtTrust))]
[JsonSerializable(typeof(KubernetesList<DtTrust>))]
[JsonSerializable(typeof(WatchEvent<DtTrust>))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(KubernetesList<V1Service>))]
[JsonSerializable(typeof(WatchEvent<V1Service>))]
[JsonSerializable(typeof(V1Endpoints))]
[JsonSerializable(typeof(KubernetesList<V1Endpoints>))]
[JsonSerializable(typeof(WatchEvent<V1Endpoints>))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(KubernetesList<V1Secret>))]
[JsonSerializable(typeof(WatchEvent<V1Secret>))]
[JsonSerializable(typeof(V1Event))]
[JsonSerializable(typeof(KubernetesList<V1Event>))]
[JsonSerializable(typeof(WatchEvent<V1Event>))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(KubernetesList<V1Namespace>))]
[JsonSerializable(typeof(WatchEvent<V1Namespace>))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(KubernetesList<V1Lease>))]
[JsonSerializable(typeof(WatchEvent<V1Lease>))]
[JsonSerializable(typeof(WatchEvent<JsonElement>))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1DeleteOptions))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;
