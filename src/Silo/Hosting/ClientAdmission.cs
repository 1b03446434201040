using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dtaas.Client;
using Microsoft.AspNetCore.Connections;
using Orleans.Connections.Security;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The client gateway's side of <see cref="ClientTokenFrames"/>: an SDK connection reaches Orleans only after its first frame
/// carried the node's client token and, beyond loopback, inside TLS with the client certificate the node issued
/// (<paramref name="authority"/>). An Orleans client gateway trusts a connected client with every grain, so nothing else may
/// get that far. A refused client is told why before the connection closes.
/// </summary>
public sealed class ClientAdmission(string token, X509Certificate2? authority, ILogger logger) : IConnectionMiddleware
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed);
        timeout.CancelAfter(ClientTokenFrames.Timeout);
        string? refusal;
        try
        {
            var frame = await ConnectionFrameHelper.ReadFrameAsync(context, timeout.Token);
            refusal = authority is not null && !SdkCertificates.IsIssuedBy(authority, context.Features.Get<ITlsConnectionFeature>()?.RemoteCertificate, SdkCertificateRole.Client)
                    ? "this client gateway requires the node's SDK client certificate (client.pfx in the data directory's sdk/, or the dtaas-sdk-certificates Secret)"
                : frame.FrameType != ClientTokenFrames.Token ? "the connection did not start with a client token (use UseDtaasNode)"
                : !CryptographicOperations.FixedTimeEquals(frame.Payload, _token) ? "the client token is wrong"
                : null;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            refusal = "no client token within 10 s";
        }
        if (refusal is not null)
        {
            logger.LogWarning("SDK connection from {Remote} refused: {Reason}", context.RemoteEndPoint, refusal);
            try
            {
                await ConnectionFrameHelper.WriteFrameAsync(context, ClientTokenFrames.Refused, Encoding.UTF8.GetBytes(refusal), timeout.Token);
                await WaitForClientToCloseAsync(context);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                // The client is gone already; nothing to tell it.
            }
            context.Abort();
            return;
        }
        await ConnectionFrameHelper.WriteFrameAsync(context, ClientTokenFrames.Accepted, [], timeout.Token);
        await next(context);
    }

    /// <summary>
    /// Aborting at once could drop the refusal before it leaves; the client closes once it has read it. A second at
    /// most, so a client that never reads cannot keep the connection.
    /// </summary>
    private static async Task WaitForClientToCloseAsync(ConnectionContext context)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            while (true)
            {
                var read = await context.Transport.Input.ReadAsync(grace.Token);
                context.Transport.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client kept the connection open: it goes now.
        }
    }
}
