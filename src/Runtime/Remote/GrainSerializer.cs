using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Runtime;

/// <summary>
/// JSON contracts for everything that crosses a process boundary: grain arguments, results and stored states. Built only
/// from source-generated contexts (the runtime's own plus those the application registers), never from reflection.
/// </summary>
public sealed class GrainSerializer
{
    public GrainSerializer(IEnumerable<IJsonTypeInfoResolver> contexts)
    {
        Options = new JsonSerializerOptions
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. contexts, RuntimeJsonContext.Default]),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        Options.MakeReadOnly();
    }

    public JsonSerializerOptions Options { get; }

    public JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)TypeInfo(typeof(T));

    public JsonTypeInfo TypeInfo(Type type)
    {
        try
        {
            return Options.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            throw new GrainInterfaceException(
                $"Type {type.FullName} has no JSON contract. Add [JsonSerializable(typeof({type.Name}))] to a JsonSerializerContext " +
                "and register it with AddSerializerContext.");
        }
    }
}
