using System.Net;

namespace Dtaas.TestSupport.Web;

/// <summary>A request body of <see cref="TestPayload"/> generated while it is sent (chunked: no Content-Length).</summary>
public sealed class GeneratedContent(long length) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => TestPayload.WriteAsync(stream, length, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        TestPayload.WriteAsync(stream, length, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
