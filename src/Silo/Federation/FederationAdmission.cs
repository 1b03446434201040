using System.Net;
using Dtaas.Federation.Protocol.V1;
// Orleans brings its own RequestContext into scope; the federation's is meant here.
using RequestContext = Dtaas.Federation.Protocol.V1.RequestContext;
using Grpc.Core;

namespace Dtaas.Silo.Federation;

/// <summary>
/// Who may call on one domain's overlay listener, decided before anything runs. WireGuard delivers a packet from an
/// overlay address only if the member that owns the address sealed it, so the source address is the caller; the
/// request must name that same member as its caller, and be about this overlay's domain. Anything else is refused
/// with PERMISSION_DENIED saying which check failed, without naming this node or its members.
/// </summary>
public sealed class FederationAdmission(Guid domainUid, IReadOnlyDictionary<IPAddress, string> members)
{
    private volatile IReadOnlyDictionary<IPAddress, string> _members = members;

    /// <summary>The domain whose overlay the listener is on.</summary>
    public Guid DomainUid { get; } = domainUid;

    /// <summary>Who may call from now on: overlay address to node id.</summary>
    public void SetMembers(IReadOnlyDictionary<IPAddress, string> members) => _members = members;

    /// <summary>The member whose overlay address <paramref name="address"/> is, or null.</summary>
    public string? MemberAt(IPAddress address) =>
        _members.TryGetValue(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, out var node) ? node : null;

    /// <summary>The verified caller of a request from <paramref name="source"/> that asserts <paramref name="asserted"/>; throws PERMISSION_DENIED otherwise.</summary>
    public string Admit(IPAddress? source, RequestContext? asserted)
    {
        if (source is null || MemberAt(source) is not { } member)
        {
            throw Denied($"source address {source} is not the overlay address of another member of domain {DomainUid}");
        }
        var claimed = asserted?.CallerNodeId ?? "";
        if (claimed != member)
        {
            throw Denied($"the request names '{claimed}' as its caller, but its source address {source} belongs to another member");
        }
        var about = asserted!.DomainUid;
        if (!Guid.TryParseExact(about, "D", out var uid) || uid != DomainUid)
        {
            throw Denied($"the request is about domain '{about}', but it arrived on the overlay of domain {DomainUid}");
        }
        return member;
    }

    private static RpcException Denied(string why) => new(new Status(StatusCode.PermissionDenied, $"federation call refused: {why}"));
}
