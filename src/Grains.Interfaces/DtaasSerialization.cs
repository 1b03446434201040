using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace Dtaas.Grains.Interfaces;

/// <summary>
/// How grain calls of a node are encoded, the same on its silo and on every SDK client: the contracts marked
/// <c>[GenerateSerializer]</c> use Orleans' own codecs; the Kubernetes object models that travel inside them (a dtApp's
/// spec) stay System.Text.Json with the project's source-generated context, the form the Kubernetes API gives them,
/// through <see cref="KubernetesModelCodec"/>.
/// </summary>
public static class DtaasSerialization
{
    public static ISerializerBuilder AddDtaasModels(this ISerializerBuilder serializer)
    {
        var services = serializer.Services;
        if (services.Any(s => s.ServiceType == typeof(KubernetesModelCodec)))
        {
            return serializer;
        }
        services.AddSingleton<KubernetesModelCodec>();
        services.AddSingleton<IGeneralizedCodec>(sp => sp.GetRequiredService<KubernetesModelCodec>());
        services.AddSingleton<IGeneralizedCopier>(sp => sp.GetRequiredService<KubernetesModelCodec>());
        services.AddSingleton<ITypeFilter>(sp => sp.GetRequiredService<KubernetesModelCodec>());
        return serializer.Configure(options => options.WellKnownTypeAliases[KubernetesModelCodec.WellKnownAlias] = typeof(KubernetesModelCodec));
    }
}
