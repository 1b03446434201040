using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Silo.Replicas;

/// <summary>
/// Who called a standby's gateway, as the request forwarded to the Lease holder tells it: the client's address and the
/// scheme it spoke, in one header (<c>for=ADDRESS;proto=SCHEME</c>). It is believed only on the replica listener, whose
/// handshake admits the node's silo certificate alone; the public listeners drop it with every <c>X-Dtaas-*</c> header
/// (<c>ClientHeaders.Scrub</c>), so an outsider cannot pass for another address.
/// </summary>
public static class ReplicaCaller
{
    public const string Header = "X-Dtaas-Replica-Caller";

    // An address and a scheme: anything longer is no replica's.
    private const int MaxLength = 96;

    /// <summary>The header's value for the request a standby forwards.</summary>
    public static string Format(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }
        return $"for={address?.ToString() ?? "unknown"};proto={context.Request.Scheme}";
    }

    /// <summary>Parses a value <see cref="Format"/> wrote; false for anything else.</summary>
    public static bool TryParse(string? value, out IPAddress address, out string scheme)
    {
        address = IPAddress.None;
        scheme = "";
        if (value is null || value.Length > MaxLength)
        {
            return false;
        }
        var parts = value.Split(';');
        if (parts is not [var forPart, var protoPart] || !forPart.StartsWith("for=", StringComparison.Ordinal) || !protoPart.StartsWith("proto=", StringComparison.Ordinal)
            || !IPAddress.TryParse(forPart[4..], out var parsed) || protoPart[6..] is not ("http" or "https"))
        {
            return false;
        }
        (address, scheme) = (parsed, protoPart[6..]);
        return true;
    }

    /// <summary>
    /// On the replica listener: the request goes on as the original caller's (its address, its scheme), the header
    /// removed. False (the request is refused) when the header is missing or malformed: only a replica's gateway sends here.
    /// </summary>
    public static bool Apply(HttpContext context)
    {
        var value = context.Request.Headers[Header];
        context.Request.Headers.Remove(Header);
        if (value.Count != 1 || !TryParse(value[0], out var address, out var scheme))
        {
            return false;
        }
        context.Connection.RemoteIpAddress = address;
        context.Request.Scheme = scheme;
        return true;
    }

    /// <summary>
    /// First on the replica listener: a request without a client certificate (the handshake already refused any but a
    /// silo certificate of this node) or without a well-formed caller is refused with 403.
    /// </summary>
    public static IApplicationBuilder UseReplicaCaller(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Connection.ClientCertificate is null || !Apply(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("only the gateway of another replica of this node forwards here\n", context.RequestAborted);
            return;
        }
        await next(context);
    });
}
