using System.Text;
using Microsoft.AspNetCore.Connections;
using Orleans.Runtime.Messaging;

namespace Dtaas.Client;

/// <summary>The client's side of <see cref="ClientTokenFrames"/>: sends the token, and fails the connection with the client gateway's reason when refused.</summary>
public sealed class ClientTokenHandshake(string token, ClientRefusal refusal) : IConnectionMiddleware
{
    public async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed);
        timeout.CancelAfter(ClientTokenFrames.Timeout);
        (byte FrameType, byte[] Payload) answer;
        try
        {
            await ConnectionFrameHelper.WriteFrameAsync(context, ClientTokenFrames.Token, Encoding.UTF8.GetBytes(token), timeout.Token);
            answer = await ConnectionFrameHelper.ReadFrameAsync(context, timeout.Token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            throw refusal.Record(new UnauthorizedAccessException("the DTaaS node closed the connection without accepting this client; beyond loopback its " +
                "client gateway requires TLS with the node's client certificate (DtaasNodeOptions.WithCertificatesFrom)", e));
        }
        if (answer.FrameType != ClientTokenFrames.Accepted)
        {
            throw refusal.Record(new UnauthorizedAccessException($"the DTaaS node refused this client: {Encoding.UTF8.GetString(answer.Payload)}"));
        }
        await next(context);
    }
}
