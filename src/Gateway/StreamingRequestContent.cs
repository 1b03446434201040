using System.Net;

namespace Dtaas.Gateway;

/// <summary>
/// A request body passed on as it arrives (<see cref="CoalescingCopy"/>), so a streaming call (gRPC) reaches the
/// destination message by message; <see cref="StreamContent"/> flushes only at the end, which over HTTP/2 holds back
/// even the request's headers. Each read is reported, so the response timeout measures silence rather than the length
/// of an upload (a 1 GB upload may take minutes; a destination that stops reading may not).
/// </summary>
internal sealed class StreamingRequestContent(Stream source, Action onActivity) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        CoalescingCopy.CopyAsync(source, stream.WriteAsync, ct => new ValueTask(stream.FlushAsync(ct)), onActivity, cancellationToken);

    // The length, when the client gave one, travels as its Content-Length header.
    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
