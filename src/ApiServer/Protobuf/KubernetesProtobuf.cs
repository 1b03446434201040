using System.Buffers.Binary;
using System.Text.Json.Nodes;
using MetaV1 = Dtaas.ApiServer.Protobuf.MetaV1;
using Dtaas.ApiServer.Protobuf.Runtime;
using Google.Protobuf;

namespace Dtaas.ApiServer.Protobuf;

/// <summary>
/// The Kubernetes protobuf wire format (application/vnd.kubernetes.protobuf): the "k8s\0" magic, then a
/// runtime.Unknown naming apiVersion and kind with the object's message bytes in raw. A watch stream is a sequence
/// of frames, each a 4-byte big-endian length and a bare meta/v1 WatchEvent whose object.raw holds the enveloped
/// object (apimachinery's RawSerializer and LengthDelimitedFramer).
/// </summary>
internal static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    public const string WatchMediaType = MediaType + ";stream=watch";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static bool IsMediaType(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the object's kind has a protobuf message here.</summary>
    public static bool CanEncode(JsonObject obj) => ProtobufKinds.Find((string?)obj["apiVersion"], (string?)obj["kind"]) is not null;

    /// <summary>The enveloped bytes of <paramref name="obj"/>, whose kind must be one <see cref="CanEncode"/> accepts.</summary>
    public static byte[] Encode(JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        var descriptor = ProtobufKinds.Find(apiVersion, kind) ?? throw new InvalidOperationException($"no protobuf message for {apiVersion} {kind}");
        var unknown = new Unknown
        {
            TypeMeta = new TypeMeta { ApiVersion = apiVersion, Kind = kind },
            Raw = ProtobufJson.FromJson(obj, descriptor).ToByteString(),
            ContentEncoding = "",
            ContentType = "",
        };
        var bytes = new byte[Magic.Length + unknown.CalculateSize()];
        Magic.CopyTo(bytes);
        unknown.WriteTo(bytes.AsSpan(Magic.Length));
        return bytes;
    }

    /// <summary>
    /// The JSON form of an enveloped object. When the envelope leaves apiVersion or kind out, <paramref name="defaultApiVersion"/>
    /// and <paramref name="defaultKind"/> (the URL's) stand in, as apimachinery's decoder does.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not an enveloped message of a kind served here; the message says why.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> data, string defaultApiVersion, string defaultKind)
    {
        if (data.Length == 0)
        {
            throw new FormatException("empty body");
        }
        if (!data.StartsWith(Magic))
        {
            throw new FormatException("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }
        Unknown unknown;
        try
        {
            unknown = Unknown.Parser.ParseFrom(data[Magic.Length..]);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"the runtime.Unknown envelope is not valid protobuf: {e.Message}");
        }
        if (unknown.ContentEncoding.Length > 0)
        {
            throw new FormatException($"content encoding \"{unknown.ContentEncoding}\" is not supported");
        }
        if (unknown.ContentType.Length > 0 && !IsMediaType(unknown.ContentType))
        {
            throw new FormatException($"the envelope's content type \"{unknown.ContentType}\" is not protobuf");
        }
        var apiVersion = unknown.TypeMeta?.ApiVersion is { Length: > 0 } v ? v : defaultApiVersion;
        var kind = unknown.TypeMeta?.Kind is { Length: > 0 } k ? k : defaultKind;
        var descriptor = ProtobufKinds.Find(apiVersion, kind)
            ?? throw new FormatException($"no kind \"{kind}\" is registered for version \"{apiVersion}\" in protobuf");
        IMessage message;
        try
        {
            message = descriptor.Parser.ParseFrom(unknown.Raw);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"the {kind} in the envelope is not valid protobuf: {e.Message}");
        }
        var obj = ProtobufJson.ToJson(message);
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (key, value) in obj.ToList())
        {
            obj.Remove(key);
            result[key] = value;
        }
        return result;
    }

    /// <summary>One watch frame: length prefix and a WatchEvent carrying the enveloped object.</summary>
    public static byte[] WatchFrame(string eventType, JsonObject obj)
    {
        var watchEvent = new MetaV1.WatchEvent { Type = eventType, Object = new RawExtension { Raw = ByteString.CopyFrom(Encode(obj)) } };
        var size = watchEvent.CalculateSize();
        var frame = new byte[4 + size];
        BinaryPrimitives.WriteInt32BigEndian(frame, size);
        watchEvent.WriteTo(frame.AsSpan(4));
        return frame;
    }
}
