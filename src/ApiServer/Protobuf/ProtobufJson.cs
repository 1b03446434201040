using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Dtaas.ApiServer.Protobuf;

/// <summary>
/// Converts between Kubernetes protobuf messages and the JSON objects the store holds, driven by the messages'
/// descriptors (the proto field names are the JSON names). The types whose JSON is not their message shape are
/// special: meta/v1 Time and MicroTime are RFC 3339 strings, IntOrString is a number or a string, authentication's
/// ExtraValue a list, bytes are base64, FieldsV1 and RawExtension hold JSON. Zero scalars are left out of the JSON (Go writes every non-pointer field and
/// its JSON omits them); fields the message does not know are dropped on the way in, as Go's decoder does.
/// </summary>
internal static class ProtobufJson
{
    private const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private const string TimeName = Meta + "Time";
    private const string MicroTimeName = Meta + "MicroTime";
    private const string FieldsV1Name = Meta + "FieldsV1";
    private const string IntOrStringName = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private const string RawExtensionName = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    private const string ExtraValueName = "k8s.io.api.authentication.v1.ExtraValue";
    private static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <exception cref="FormatException">A value JSON cannot hold (a time out of range).</exception>
    public static JsonObject ToJson(IMessage message) =>
        MessageToJson(message) as JsonObject ?? throw new InvalidOperationException($"{message.Descriptor.FullName} has no object form");

    /// <summary>The message of <paramref name="descriptor"/>'s type holding what <paramref name="json"/> says.</summary>
    public static IMessage FromJson(JsonObject json, MessageDescriptor descriptor)
    {
        var message = NewMessage(descriptor);
        Fill(message, json);
        return message;
    }

    private static JsonNode? MessageToJson(IMessage message)
    {
        var descriptor = message.Descriptor;
        switch (descriptor.FullName)
        {
            case TimeName or MicroTimeName:
                var seconds = (long)descriptor.FindFieldByNumber(1).Accessor.GetValue(message);
                var nanos = (int)descriptor.FindFieldByNumber(2).Accessor.GetValue(message);
                if (seconds == 0 && nanos == 0)
                {
                    return null; // Go's zero time, which its JSON writes as null.
                }
                if (seconds < MinSeconds || seconds > MaxSeconds || nanos is < 0 or > 999_999_999)
                {
                    throw new FormatException($"{descriptor.Name} {seconds}s {nanos}ns is out of range (years 1 to 9999)");
                }
                var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100).UtcDateTime;
                return descriptor.FullName == TimeName
                    ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                    : time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            case IntOrStringName:
                return (long)descriptor.FindFieldByNumber(1).Accessor.GetValue(message) == 1
                    ? JsonValue.Create((string)descriptor.FindFieldByNumber(3).Accessor.GetValue(message))
                    : JsonValue.Create((int)descriptor.FindFieldByNumber(2).Accessor.GetValue(message));
            case ExtraValueName:
                return new JsonArray(((IList)descriptor.FindFieldByNumber(1).Accessor.GetValue(message)).Cast<string>().Select(i => (JsonNode?)i).ToArray());
            case FieldsV1Name or RawExtensionName:
                var raw = (ByteString)descriptor.FindFieldByNumber(1).Accessor.GetValue(message);
                return raw.IsEmpty ? null : ParseEmbeddedJson(raw);
        }
        var obj = new JsonObject();
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                if (map.Count > 0)
                {
                    var valueField = field.MessageType.FindFieldByNumber(2);
                    var entries = new JsonObject();
                    foreach (DictionaryEntry entry in map)
                    {
                        entries[(string)entry.Key] = ValueToJson(valueField, entry.Value!);
                    }
                    obj[field.JsonName] = entries;
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                if (list.Count > 0)
                {
                    obj[field.JsonName] = new JsonArray(list.Cast<object>().Select(v => ValueToJson(field, v)).ToArray());
                }
            }
            else if (field.Accessor.HasValue(message) && !IsZero(value) && ValueToJson(field, value) is { } node)
            {
                obj[field.JsonName] = node;
            }
        }
        return obj;
    }

    private static JsonNode? ValueToJson(FieldDescriptor field, object value) => field.FieldType switch
    {
        FieldType.Message => MessageToJson((IMessage)value),
        FieldType.Bytes => JsonValue.Create(((ByteString)value).ToBase64()),
        FieldType.String => JsonValue.Create((string)value),
        FieldType.Bool => JsonValue.Create((bool)value),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => JsonValue.Create((int)value),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => JsonValue.Create((long)value),
        FieldType.UInt32 or FieldType.Fixed32 => JsonValue.Create((uint)value),
        FieldType.UInt64 or FieldType.Fixed64 => JsonValue.Create((ulong)value),
        FieldType.Double => JsonValue.Create((double)value),
        FieldType.Float => JsonValue.Create((float)value),
        _ => null,
    };

    private static bool IsZero(object value) => value switch
    {
        string s => s.Length == 0,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        uint u => u == 0,
        ulong u => u == 0,
        ByteString bytes => bytes.IsEmpty,
        _ => false,
    };

    private static JsonNode? ParseEmbeddedJson(ByteString raw)
    {
        try
        {
            return JsonNode.Parse(raw.Span);
        }
        catch (JsonException)
        {
            return null; // Not JSON (another encoding embedded): nothing the JSON form can hold.
        }
    }

    private static IMessage NewMessage(MessageDescriptor descriptor) => (IMessage)Activator.CreateInstance(descriptor.ClrType)!;

    private static void Fill(IMessage message, JsonNode? json)
    {
        var descriptor = message.Descriptor;
        switch (descriptor.FullName)
        {
            case TimeName or MicroTimeName:
                if (json is JsonValue v && v.TryGetValue<string>(out var text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                {
                    var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
                    descriptor.FindFieldByNumber(1).Accessor.SetValue(message, Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest));
                    descriptor.FindFieldByNumber(2).Accessor.SetValue(message, (int)(rest * 100));
                }
                return;
            case IntOrStringName:
                if (json is JsonValue iv && iv.TryGetValue<string>(out var str))
                {
                    descriptor.FindFieldByNumber(1).Accessor.SetValue(message, 1L);
                    descriptor.FindFieldByNumber(3).Accessor.SetValue(message, str);
                }
                else if (json is JsonValue nv && Integer(nv) is { } number)
                {
                    descriptor.FindFieldByNumber(1).Accessor.SetValue(message, 0L);
                    descriptor.FindFieldByNumber(2).Accessor.SetValue(message, (int)number);
                }
                return;
            case ExtraValueName:
                if (json is JsonArray values)
                {
                    var items = (IList)descriptor.FindFieldByNumber(1).Accessor.GetValue(message);
                    foreach (var item in values)
                    {
                        if (item is JsonValue entry && entry.TryGetValue<string>(out var itemText))
                        {
                            items.Add(itemText);
                        }
                    }
                }
                return;
            case FieldsV1Name or RawExtensionName:
                if (json is not null)
                {
                    descriptor.FindFieldByNumber(1).Accessor.SetValue(message, ByteString.CopyFrom(Encoding.UTF8.GetBytes(json.ToJsonString())));
                }
                return;
        }
        if (json is not JsonObject obj)
        {
            return;
        }
        foreach (var (key, value) in obj)
        {
            if (value is null || descriptor.FindFieldByName(key) is not { } field)
            {
                continue; // Unknown to the published message: protobuf cannot carry it.
            }
            if (field.IsMap)
            {
                if (value is JsonObject entries)
                {
                    var map = (IDictionary)field.Accessor.GetValue(message);
                    var valueField = field.MessageType.FindFieldByNumber(2);
                    // Sorted keys, as Go writes maps: the same object always encodes to the same bytes.
                    foreach (var (entryKey, entryValue) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        if (Value(valueField, entryValue) is { } converted)
                        {
                            map[entryKey] = converted;
                        }
                    }
                }
            }
            else if (field.IsRepeated)
            {
                if (value is JsonArray items)
                {
                    var list = (IList)field.Accessor.GetValue(message);
                    foreach (var item in items)
                    {
                        if (Value(field, item) is { } converted)
                        {
                            list.Add(converted);
                        }
                    }
                }
            }
            else if (Value(field, value) is { } converted)
            {
                field.Accessor.SetValue(message, converted);
            }
        }
    }

    // The value of one field from JSON, or null when the JSON has the wrong type for it (left out, not guessed).
    private static object? Value(FieldDescriptor field, JsonNode? json)
    {
        if (field.FieldType == FieldType.Message)
        {
            var nested = NewMessage(field.MessageType);
            Fill(nested, json);
            return nested;
        }
        if (json is not JsonValue value)
        {
            return null;
        }
        switch (field.FieldType)
        {
            case FieldType.String:
                return value.TryGetValue<string>(out var s) ? s : null;
            case FieldType.Bytes:
                return value.TryGetValue<string>(out var b64) && TryBase64(b64) is { } bytes ? ByteString.CopyFrom(bytes) : null;
            case FieldType.Bool:
                return value.TryGetValue<bool>(out var flag) ? flag : null;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return Integer(value) is { } i and >= int.MinValue and <= int.MaxValue ? (int)i : null;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return Integer(value);
            case FieldType.Double:
                return value.GetValueKind() == JsonValueKind.Number
                    && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            default:
                return null;
        }
    }

    // Through the number's text: nodes parsed from JSON and nodes built from CLR values answer alike.
    private static long? Integer(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        var text = value.ToJsonString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d : null;
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
