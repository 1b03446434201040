using System.Buffers;
using System.Text.Json;
using Dtaas.Runtime.Invocation;

namespace Dtaas.Runtime;

/// <summary>
/// The body of a remote grain call: a JSON array of the method's arguments in order (the CancellationToken excluded);
/// the reply body is the JSON of the result, empty for a plain Task.
/// </summary>
internal static class GrainCallCodec
{
    public static byte[] WriteArguments(GrainMethod method, object?[] args, GrainSerializer serializer)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (int i = 0; i < args.Length; i++)
            {
                if (i != method.CancellationTokenIndex)
                {
                    JsonSerializer.Serialize(writer, args[i], serializer.TypeInfo(method.ParameterTypes[i]));
                }
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the arguments; the CancellationToken slot gets <paramref name="cancellationToken"/>.</summary>
    public static object?[] ReadArguments(GrainMethod method, ReadOnlySequence<byte> body, GrainSerializer serializer, CancellationToken cancellationToken)
    {
        var args = new object?[method.ParameterTypes.Count];
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new GrainCallFormatException($"The body of a call to {method.Interface.Name}.{method.Name} must be a JSON array of its arguments.");
        }
        for (int i = 0; i < args.Length; i++)
        {
            if (i == method.CancellationTokenIndex)
            {
                args[i] = cancellationToken;
                continue;
            }
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new GrainCallFormatException($"{method.Interface.Name}.{method.Name} takes {WireArity(method)} arguments; fewer were sent.");
            }
            args[i] = JsonSerializer.Deserialize(ref reader, serializer.TypeInfo(method.ParameterTypes[i]));
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new GrainCallFormatException($"{method.Interface.Name}.{method.Name} takes {WireArity(method)} arguments; more were sent.");
        }
        return args;
    }

    public static byte[] WriteResult(GrainMethod method, object? result, GrainSerializer serializer) =>
        method.ResultType is null ? [] : JsonSerializer.SerializeToUtf8Bytes(result, serializer.TypeInfo(method.ResultType));

    public static TResult ReadResult<TResult>(GrainMethod method, ReadOnlySpan<byte> body, GrainSerializer serializer) =>
        method.ResultType is null ? default! : (TResult)JsonSerializer.Deserialize(body, serializer.TypeInfo(method.ResultType))!;

    private static int WireArity(GrainMethod method) => method.ParameterTypes.Count - (method.CancellationTokenIndex < 0 ? 0 : 1);
}

/// <summary>A remote call's body does not match the method it names.</summary>
public sealed class GrainCallFormatException(string message) : Exception(message);
