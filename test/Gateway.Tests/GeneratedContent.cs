using System.Net;

namespace Dtaas.Gateway.Tests;

/// <summary>A request body of <see cref="TestData"/> generated while it is sent (chunked: no Content-Length).</summary>
internal sealed class GeneratedContent(long length) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => TestData.WriteAsync(stream, length, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        TestData.WriteAsync(stream, length, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
