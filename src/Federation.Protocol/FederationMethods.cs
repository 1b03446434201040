using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Dtaas.Federation.Protocol;

/// <summary>
/// The federation service's calls as the proto declares them (proto/dtaas/federation/v1): each request message names
/// its call, so a caller sends a request and nothing else, and a call added to the proto needs no code here. Every
/// request carries the caller's <c>RequestContext</c> as field 1, which the sending node fills in (<see cref="Stamp"/>).
/// </summary>
public static class FederationMethods
{
    private const int ContextField = 1;

    private static readonly ServiceDescriptor Service = V1.Federation.Descriptor;

    private static readonly Dictionary<MessageDescriptor, MethodDescriptor> ByRequest = Service.Methods.ToDictionary(m => m.InputType);

    /// <summary>Every call, by name, as a unary gRPC method over the messages' bytes.</summary>
    private static readonly Dictionary<string, Method<byte[], byte[]>> Unary = Service.Methods.ToDictionary(m => m.Name,
        m => new Method<byte[], byte[]>(MethodType.Unary, Service.FullName, m.Name, Bytes, Bytes));

    private static Marshaller<byte[]> Bytes => Marshallers.Create(static bytes => bytes, static bytes => bytes);

    /// <summary>The call whose request is <paramref name="request"/> and whose answer is <paramref name="response"/>.</summary>
    /// <exception cref="ArgumentException">The proto has no such call.</exception>
    public static string NameOf(MessageDescriptor request, MessageDescriptor response) =>
        ByRequest.TryGetValue(request, out var method) && method.OutputType == response
            ? method.Name
            : throw new ArgumentException($"the federation protocol has no call taking {request.Name} and answering {response.Name}");

    /// <summary>The gRPC method of call <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The proto has no such call.</exception>
    public static Method<byte[], byte[]> Method(string name) =>
        Unary.TryGetValue(name, out var method) ? method : throw new ArgumentException($"the federation protocol has no call {name}");

    /// <summary>
    /// <paramref name="request"/> with <paramref name="context"/> as its context: written after the request's own
    /// fields, so it wins over any context the request carried (protobuf merges a repeated message field, the last value
    /// of each scalar winning).
    /// </summary>
    public static byte[] Stamp(byte[] request, V1.RequestContext context)
    {
        var tail = new byte[CodedOutputStream.ComputeTagSize(ContextField) + CodedOutputStream.ComputeMessageSize(context)];
        var output = new CodedOutputStream(tail);
        output.WriteTag(ContextField, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(context);
        output.CheckNoSpaceLeft();
        var stamped = new byte[request.Length + tail.Length];
        request.CopyTo(stamped, 0);
        tail.CopyTo(stamped, request.Length);
        return stamped;
    }
}
