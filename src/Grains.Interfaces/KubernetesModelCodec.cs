using System.Runtime.CompilerServices;
using System.Text.Json;
using Dtaas.Grains.Interfaces.Models;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace Dtaas.Grains.Interfaces;

/// <summary>
/// The Orleans codec of the Kubernetes object models: their System.Text.Json form (the project's source-generated
/// context, so exactly what the API gives and kubectl shows), framed as Orleans' own JSON codec frames it (the value's
/// type, then the UTF-8 bytes). Two things make it cheap where Orleans' JSON codec is not: an object read from the API
/// (it has a resourceVersion, and the node's caches hold that one instance until the object changes) is encoded once
/// and its bytes are written again for every later answer; and a read parses straight from the received span when it
/// is contiguous instead of copying it into a pooled buffer first.
/// </summary>
/// <remarks>
/// The bytes are remembered per instance (a <see cref="ConditionalWeakTable{TKey,TValue}"/>, so they go when the
/// instance does), and a copy (Orleans copies what a call passes within a silo) is the instance itself. Both are sound
/// because the models are immutable records: every change makes a new instance with <c>with</c>, and nothing writes
/// into a model once it has been built.
/// </remarks>
public sealed class KubernetesModelCodec : IGeneralizedCodec, IGeneralizedCopier, ITypeFilter
{
    /// <summary>The alias both ends map to this codec, so the frame names it in a few bytes.</summary>
    public const string WellKnownAlias = "dtaas-model";

    private static readonly Type SelfType = typeof(KubernetesModelCodec);
    private static readonly string ModelNamespace = typeof(DtApp).Namespace!;

    private readonly JsonSerializerOptions _options = KubernetesJsonContext.Default.Options;
    private readonly ConditionalWeakTable<object, byte[]> _encoded = new();

    /// <summary>Whether <paramref name="type"/> is one of the object models (their namespace).</summary>
    public static bool IsModel(Type type) => type.Namespace == ModelNamespace && !type.IsAbstract && !type.IsInterface;

    /// <summary>The UTF-8 JSON of <paramref name="value"/>, remembered when it is an object as the API stored it.</summary>
    public byte[] Encode(object value)
    {
        if (value is IKubernetesObject { Metadata.ResourceVersion: not null })
        {
            return _encoded.GetValue(value, v => JsonSerializer.SerializeToUtf8Bytes(v, _options.GetTypeInfo(v.GetType())));
        }
        return JsonSerializer.SerializeToUtf8Bytes(value, _options.GetTypeInfo(value.GetType()));
    }

    void IFieldCodec.WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, object? value)
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }
        // The frame's own type is this codec (as Orleans' JSON codec does), so a reader finds it whatever type the field
        // declares; the value's type follows as the first inner field.
        writer.WriteFieldHeader(fieldIdDelta, expectedType, SelfType, WireType.TagDelimited);
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(0, WireType.LengthPrefixed);
        writer.Session.TypeCodec.WriteLengthPrefixed(ref writer, value.GetType());

        var bytes = Encode(value);
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(1, WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)bytes.Length);
        writer.Write(bytes);
        writer.WriteEndObject();
    }

    object? IFieldCodec.ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.IsReference)
        {
            return ReferenceCodec.ReadReference(ref reader, field.FieldType);
        }
        field.EnsureWireTypeTagDelimited();
        var placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        object? result = null;
        Type? type = null;
        uint fieldId = 0;
        while (true)
        {
            var header = reader.ReadFieldHeader();
            if (header.IsEndBaseOrEndObject)
            {
                break;
            }
            fieldId += header.FieldIdDelta;
            switch (fieldId)
            {
                case 0:
                    ReferenceCodec.MarkValueField(reader.Session);
                    type = reader.Session.TypeCodec.ReadLengthPrefixed(ref reader);
                    break;
                case 1:
                    ReferenceCodec.MarkValueField(reader.Session);
                    if (type is null || !IsModel(type))
                    {
                        throw new UnsupportedWireTypeException($"A model frame names {(type is null ? "no type" : type.FullName)}, not an object model.");
                    }
                    var length = (int)reader.ReadVarUInt32();
                    var typeInfo = _options.GetTypeInfo(type);
                    result = reader.TryReadBytes(length, out var span)
                        ? JsonSerializer.Deserialize(span, typeInfo)
                        : JsonSerializer.Deserialize(reader.ReadBytes((uint)length), typeInfo);
                    break;
                default:
                    reader.ConsumeUnknownField(header);
                    break;
            }
        }
        ReferenceCodec.RecordObject(reader.Session, result!, placeholder);
        return result;
    }

    bool IGeneralizedCodec.IsSupportedType(Type type) => type == SelfType || IsModel(type);

    /// <summary>A model is immutable, so its copy is itself, as Orleans copies types marked <c>[Immutable]</c>.</summary>
    object? IDeepCopier.DeepCopy(object? input, CopyContext context) => input;

    bool IGeneralizedCopier.IsSupportedType(Type type) => IsModel(type);

    bool? ITypeFilter.IsTypeAllowed(Type type) => IsModel(type) ? true : null;
}
