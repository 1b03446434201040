using System.Text.Json.Nodes;
using Dtaas.ApiServer.Protobuf;
using MetaV1 = Dtaas.ApiServer.Protobuf.MetaV1;
using Runtime = Dtaas.ApiServer.Protobuf.Runtime;
using Dtaas.TestSupport;

namespace Dtaas.ApiServer.Tests;

/// <summary>
/// Every built-in kind the standalone API encodes, against bytes of the published Kubernetes encoding: ProtobufGolden/*.pb
/// were made by protoc from the upstream generated.proto files (make-golden.py), Kubectl*.pb were sent by kubectl 1.32.
/// </summary>
public sealed class ProtobufGoldenTests
{
    private static readonly string Directory = Path.Combine(RepositoryRoot.Path, "test", "ApiServer.Tests", "ProtobufGolden");

    public static TheoryData<string> Kinds { get; } =
        [.. System.IO.Directory.GetFiles(Directory, "*.txtpb").Select(f => Path.GetFileNameWithoutExtension(f)!).Where(k => k != "WatchEvent").Order()];

    public static TheoryData<string> KubectlBodies { get; } =
        [.. System.IO.Directory.GetFiles(Directory, "Kubectl*.pb").Select(f => Path.GetFileNameWithoutExtension(f)!).Order()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Published_bytes_decode_to_the_object_and_the_object_encodes_to_the_same_bytes(string kind)
    {
        var golden = File.ReadAllBytes(Path.Combine(Directory, kind + ".pb"));
        var expected = Json(kind);

        var decoded = KubernetesProtobuf.Decode(golden, "", "");
        Assert.True(JsonNode.DeepEquals(expected, decoded), $"decoded:\n{decoded}\nexpected:\n{expected}");
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(KubernetesProtobuf.Encode(expected)));
    }

    [Fact]
    public void A_watch_frame_is_a_length_and_a_bare_WatchEvent_holding_the_enveloped_object()
    {
        var golden = File.ReadAllBytes(Path.Combine(Directory, "WatchEvent.pb"));
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(KubernetesProtobuf.WatchFrame("ADDED", Json("Secret"))));
    }

    [Theory]
    [MemberData(nameof(KubectlBodies))]
    public void What_kubectl_sent_decodes_to_what_it_meant_and_survives_a_round_trip(string name)
    {
        var sent = File.ReadAllBytes(Path.Combine(Directory, name + ".pb"));
        var expected = Json(name);

        // Go writes every non-pointer field, empty ones too; the JSON form leaves them out, as Go's JSON does.
        var decoded = KubernetesProtobuf.Decode(sent, "", "");
        Assert.True(JsonNode.DeepEquals(expected, decoded), $"decoded:\n{decoded}\nexpected:\n{expected}");
        Assert.True(JsonNode.DeepEquals(expected, KubernetesProtobuf.Decode(KubernetesProtobuf.Encode(decoded), "", "")));
    }

    [Fact]
    public void Fields_the_messages_here_do_not_know_are_skipped_and_the_rest_decodes()
    {
        // The Secret golden with an extra field 99 (a future field) appended to the Secret message inside raw.
        var golden = File.ReadAllBytes(Path.Combine(Directory, "Secret.pb"));
        var envelope = Runtime.Unknown.Parser.ParseFrom(golden.AsSpan(4));
        envelope.Raw = Google.Protobuf.ByteString.CopyFrom([.. envelope.Raw.ToByteArray(), 0x9a, 0x06, 0x03, (byte)'n', (byte)'e', (byte)'w']);
        var decoded = KubernetesProtobuf.Decode([.. "k8s\0"u8.ToArray(), .. Google.Protobuf.MessageExtensions.ToByteArray(envelope)], "", "");
        Assert.True(JsonNode.DeepEquals(Json("Secret"), decoded), decoded.ToJsonString());
    }

    private static JsonObject Json(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")))!.AsObject();
}
