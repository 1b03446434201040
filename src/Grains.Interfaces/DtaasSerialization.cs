using System.Text.Json;
using Dtaas.Grains.Interfaces.Models;
using Orleans.Serialization;

namespace Dtaas.Grains.Interfaces;

/// <summary>
/// How grain calls of a node are encoded, the same on its silo and on every SDK client: the contracts marked
/// <c>[GenerateSerializer]</c> use Orleans' own codecs; the Kubernetes object models that travel inside them (a dtApp's
/// spec) stay System.Text.Json with the project's source-generated context, the form the Kubernetes API gives them.
/// </summary>
public static class DtaasSerialization
{
    public static ISerializerBuilder AddDtaasModels(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: IsModel, jsonSerializerOptions: new JsonSerializerOptions(KubernetesJsonContext.Default.Options));

    private static bool IsModel(Type type) => type.Namespace == typeof(DtApp).Namespace;
}
