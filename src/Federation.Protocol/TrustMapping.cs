using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;

namespace Dtaas.Federation.Protocol;

/// <summary>
/// Trusts between their records and their messages: a trust as its home tells an object's node (<see cref="TrustedSet"/>),
/// as it shows it to a user (<see cref="TrustView"/>), and what a user of another node does to it (<see cref="TrustChange"/>).
/// </summary>
public static class TrustMapping
{
    public static V1.ApplyTrustRequest ToRequest(this TrustedSet set, bool withdrawn)
    {
        var request = new V1.ApplyTrustRequest { TrustId = set.TrustId, Version = set.Version, Withdrawn = withdrawn };
        request.Trustees.AddRange(set.Trustees);
        request.Members.AddRange(set.Members);
        request.ObjectIds.AddRange(set.ObjectIds);
        foreach (var (principal, nodeId) in set.NodeIds ?? new Dictionary<string, string>())
        {
            request.NodeIds[principal] = nodeId;
        }
        return request;
    }

    /// <summary>The set, as told by <paramref name="homeNodeId"/>: the verified caller, never a field of the request.</summary>
    public static TrustedSet ToRecord(this V1.ApplyTrustRequest request, string homeNodeId) =>
        new(request.TrustId, homeNodeId, request.Version, [.. request.Trustees], [.. request.Members], [.. request.ObjectIds],
            request.NodeIds.ToDictionary(p => p.Key, p => p.Value));

    public static V1.TrustItem ToMessage(this TrustView view)
    {
        var item = new V1.TrustItem { Id = view.Id, Name = view.Name, Version = view.Version };
        item.Trustees.AddRange(view.Trustees);
        item.Members.AddRange(view.Members);
        item.Objects.AddRange(view.Objects.Select(o => new V1.TrustObjectItem { Node = o.Node, Id = o.Id, Capabilities = { o.Capabilities } }));
        return item;
    }

    /// <summary>A trust as a member showed it, its home left unnamed: the asking node names it, the member it asked, from its own member list.</summary>
    public static TrustView ToRecord(this V1.TrustItem item) =>
        new(item.Id, item.Name, "", [.. item.Trustees], [.. item.Members],
            [.. item.Objects.Select(o => new TrustLinkView(o.Node, o.Id, [.. o.Capabilities]))], item.Version);

    public static void SetChange(this V1.ChangeTrustRequest request, TrustChange change)
    {
        switch (change)
        {
            case TrustChange.View:
                request.View = new V1.ViewTrust();
                break;
            case TrustChange.Delete:
                request.Delete = new V1.DeleteTrust();
                break;
            case TrustChange.AddMember add:
                request.AddMember = new V1.AddTrustMember { Principal = add.Principal.ToString(), Trustee = add.Trustee };
                break;
            case TrustChange.RemoveMember remove:
                request.RemoveMember = new V1.RemoveTrustMember { Principal = remove.Principal.ToString() };
                break;
            case TrustChange.LinkObject link:
                request.LinkObject = new V1.LinkTrustObjectChange { Node = link.Node, ObjectId = link.ObjectId, Capabilities = { Capabilities.Names(link.Capabilities) } };
                break;
            case TrustChange.UnlinkObject unlink:
                request.UnlinkObject = new V1.UnlinkTrustObject { ObjectId = unlink.ObjectId };
                break;
            default:
                throw new ArgumentException($"no message for the trust change {change.GetType().Name}");
        }
    }

    /// <summary>The change a request carries; a malformed one (no change, a principal or capability that does not parse) is an <see cref="ArgumentException"/>.</summary>
    public static TrustChange ToChange(this V1.ChangeTrustRequest request)
    {
        try
        {
            return request.ChangeCase switch
            {
                V1.ChangeTrustRequest.ChangeOneofCase.View => new TrustChange.View(),
                V1.ChangeTrustRequest.ChangeOneofCase.Delete => new TrustChange.Delete(),
                V1.ChangeTrustRequest.ChangeOneofCase.AddMember => new TrustChange.AddMember(Principal.Parse(request.AddMember.Principal), request.AddMember.Trustee),
                V1.ChangeTrustRequest.ChangeOneofCase.RemoveMember => new TrustChange.RemoveMember(Principal.Parse(request.RemoveMember.Principal)),
                V1.ChangeTrustRequest.ChangeOneofCase.LinkObject => new TrustChange.LinkObject(request.LinkObject.Node, request.LinkObject.ObjectId,
                    Capabilities.Parse(request.LinkObject.Capabilities)),
                V1.ChangeTrustRequest.ChangeOneofCase.UnlinkObject => new TrustChange.UnlinkObject(request.UnlinkObject.ObjectId),
                _ => throw new ArgumentException("the request names no change of the trust"),
            };
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    public static V1.ChangeTrustResponse ToMessage(this TrustAnswer answer) => new()
    {
        Outcome = answer.Outcome.ToMessage(),
        Error = answer.Error ?? "",
        Trust = answer.Trust?.ToMessage(),
    };

    /// <summary>How the home node answered (the trust's home left unnamed, as above); an outcome this node does not know is a <see cref="FormatException"/>.</summary>
    public static TrustAnswer ToRecord(this V1.ChangeTrustResponse response) => new(
        response.Outcome.ToRecord(),
        response.Outcome == V1.TrustOutcome.Done ? null : response.Error,
        response.Trust?.ToRecord());
}
