using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dtaas.Gateway;

/// <summary>
/// X-Forwarded-For/Host/Proto as a standard proxy sets them: each hop appends the address it saw to X-Forwarded-For;
/// the first hop records the original Host and scheme, later hops keep what they were given. The first hop is always the
/// public gateway, which drops whatever a client sent as these (<see cref="ClientHeaders"/>): what an app sees is the
/// edge's TCP peer, then, over the overlay, the overlay address of the member whose gateway that was.
/// </summary>
internal static class ForwardedHeaders
{
    public const string For = "X-Forwarded-For";
    public const string Host = "X-Forwarded-Host";
    public const string Proto = "X-Forwarded-Proto";

    /// <summary>The three values to send onward for this request.</summary>
    public static (string For, string Host, string Proto) Next(HttpRequest request)
    {
        var remote = request.HttpContext.Connection.RemoteIpAddress;
        if (remote is { IsIPv4MappedToIPv6: true })
        {
            remote = remote.MapToIPv4();
        }
        var seen = remote?.ToString() ?? "unknown";
        var existingFor = Join(request.Headers[For]);
        var forwardedFor = existingFor.Length == 0 ? seen : $"{existingFor}, {seen}";
        var existingHost = Join(request.Headers[Host]);
        var existingProto = Join(request.Headers[Proto]);
        return (forwardedFor,
            existingHost.Length > 0 ? existingHost : request.Host.Value ?? "",
            existingProto.Length > 0 ? existingProto : request.Scheme);
    }

    private static string Join(StringValues values) => string.Join(", ", values.Where(v => !string.IsNullOrWhiteSpace(v)));
}
