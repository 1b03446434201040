using System.Diagnostics;
using Dtaas.Grains;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Orleans;
using Dtaas.Silo.Telemetry;
using Dtaas.WireGuard.Join;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// <c>POST /federation/join</c> on the gateway: the public door of the domains this node created. The body is a sealed
/// join request (DESIGN.md 2.3); its authenticated header names the domain, whose dtDomain grain opens and answers it.
/// Answers are the sealed reply (200) or a plain-text reason with a 4xx status.
/// </summary>
public static class JoinEndpoint
{
    public const string Path = "/federation/join";

    /// <summary>Far above a real request (a few hundred bytes); anything larger is not one.</summary>
    private const int MaxRequestBytes = 16 * 1024;

    internal static IResult TooLarge => Results.Text($"a sealed request is at most {MaxRequestBytes} bytes\n", statusCode: StatusCodes.Status413PayloadTooLarge);

    public static RouteHandlerBuilder MapJoin(this WebApplication app, IGrainFactory grains, ILocalObjects objects, ILogger logger) =>
        app.MapPost(Path, async (HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            if (body is null)
            {
                return TooLarge;
            }
            if (!JoinSeal.TryReadDomainUid(body, out var domainUid, out var malformed))
            {
                return Results.Text($"not a join request: {malformed}\n", statusCode: StatusCodes.Status400BadRequest);
            }
            if (DomainIdentity.LocalKey(objects.Domains(), domainUid, createdHere: true) is not { } key)
            {
                logger.LogWarning("Join request from {Remote} for domain {DomainUid}, which this node did not create", context.Connection.RemoteIpAddress, domainUid);
                return Results.Text($"this node has no domain {domainUid}: the invite token is for another domain or node, or the domain was deleted\n",
                    statusCode: StatusCodes.Status404NotFound);
            }
            using var activity = SiloActivities.StartForObject("join answer", ActivityKind.Internal, "dtDomain", key);
            JoinAnswer answer;
            try
            {
                answer = await grains.GetGrain<IDtDomainGrain>(key).AnswerJoin(body, context.RequestAborted);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Not the joiner's fault and maybe passing (an API write that failed, a slow interface): 503 says
                // why and the joiner tries again, where a bare 500 would tell it nothing.
                logger.LogError(e, "dtDomain {Domain}: answering a join from {Remote} failed", key, context.Connection.RemoteIpAddress);
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                return Results.Text($"the creator could not answer the join just now ({FailureReason.Of(e)}); try again later\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            activity?.SetTag("http.response.status_code", answer.StatusCode);
            return answer.SealedReply is { } reply
                ? Results.Bytes(reply, "application/octet-stream")
                : Results.Text((answer.Reason ?? "refused") + "\n", statusCode: answer.StatusCode);
        });

    /// <summary>The body of a sealed request, or null when it is larger than any real one.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
