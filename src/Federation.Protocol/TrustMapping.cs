using Dtaas.Grains.Interfaces.Trusts;

namespace Dtaas.Federation.Protocol;

/// <summary>A trust as its home tells an object's node, between its record (<see cref="TrustedSet"/>) and its message.</summary>
public static class TrustMapping
{
    public static V1.ApplyTrustRequest ToRequest(this TrustedSet set, bool withdrawn)
    {
        var request = new V1.ApplyTrustRequest { TrustId = set.TrustId, Version = set.Version, Withdrawn = withdrawn };
        request.Trustees.AddRange(set.Trustees);
        request.Members.AddRange(set.Members);
        request.ObjectIds.AddRange(set.ObjectIds);
        return request;
    }

    /// <summary>The set, as told by <paramref name="homeNodeId"/>: the verified caller, never a field of the request.</summary>
    public static TrustedSet ToRecord(this V1.ApplyTrustRequest request, string homeNodeId) =>
        new(request.TrustId, homeNodeId, request.Version, [.. request.Trustees], [.. request.Members], [.. request.ObjectIds]);
}
