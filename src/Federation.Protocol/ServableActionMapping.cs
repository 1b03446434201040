using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;

namespace Dtaas.Federation.Protocol;

/// <summary>A user's action on another member's servable (<c>ActOnServable</c>) between its records and its messages.</summary>
public static class ServableActionMapping
{
    /// <summary>
    /// Read, Grant, Revoke, Update (without a Service: that is the object node's business) and Delete travel; any other
    /// action is an <see cref="ArgumentException"/>.
    /// </summary>
    public static void SetAction(this V1.ActOnServableRequest request, ServableAction action)
    {
        switch (action)
        {
            case ServableAction.Read:
                request.Read = new V1.ReadServable();
                break;
            case ServableAction.Grant grant:
                request.Grant = new V1.GrantOnServable { Principal = grant.To.ToString(), Capabilities = { Capabilities.Names(grant.Capabilities) } };
                break;
            case ServableAction.Revoke revoke:
                request.Revoke = new V1.RevokeOnServable { Principal = revoke.From.ToString() };
                break;
            case ServableAction.Update { ServiceSelector: null } update:
                request.Update = new V1.UpdateServable { Tags = update.Tags is { } tags ? new V1.ServableTags { Items = { tags } } : null };
                if (update.Description is { } description)
                {
                    request.Update.Description = description;
                }
                break;
            case ServableAction.Delete:
                request.Delete = new V1.DeleteServable();
                break;
            default:
                throw new ArgumentException($"{action.GetType().Name} is not an action on another member's servable");
        }
    }

    /// <summary>The action a member asked for; a malformed principal or capability is an <see cref="ArgumentException"/>.</summary>
    public static ServableAction ToAction(this V1.ActOnServableRequest request)
    {
        try
        {
            return request.ActionCase switch
            {
                V1.ActOnServableRequest.ActionOneofCase.Read => new ServableAction.Read(),
                V1.ActOnServableRequest.ActionOneofCase.Grant => new ServableAction.Grant(Principal.Parse(request.Grant.Principal), Capabilities.Parse(request.Grant.Capabilities)),
                V1.ActOnServableRequest.ActionOneofCase.Revoke => new ServableAction.Revoke(Principal.Parse(request.Revoke.Principal)),
                V1.ActOnServableRequest.ActionOneofCase.Update => new ServableAction.Update(request.Update.HasDescription ? request.Update.Description : null,
                    request.Update.Tags is { } tags ? [.. tags.Items] : null, null),
                V1.ActOnServableRequest.ActionOneofCase.Delete => new ServableAction.Delete(),
                _ => throw new ArgumentException("the request names no action on the servable"),
            };
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    public static V1.ActOnServableResponse ToActMessage(this ServableAnswer answer)
    {
        var response = new V1.ActOnServableResponse { Outcome = answer.Outcome.ToMessage(), Error = answer.Error ?? "", Servable = answer.Servable?.ToMessage() };
        if (answer.Servable?.Details is { } details)
        {
            response.Details = new V1.ServableReadItem
            {
                Owner = details.Owner ?? "",
                Status = details.Status ?? "",
                Message = details.Message ?? "",
                Description = details.Description ?? "",
                Tags = { details.Tags },
                Grants = { details.Grants.Select(g => new V1.ServableGrantItem { Principal = g.Principal ?? "", Capabilities = { g.Capabilities ?? [] } }) },
            };
        }
        return response;
    }

    /// <summary>
    /// How the servable's node answered. Its URI is left out (the asking node shows its own) and so is its Service,
    /// which is the object node's business; an outcome this node does not know is a <see cref="FormatException"/>.
    /// </summary>
    public static ServableAnswer ToRecord(this V1.ActOnServableResponse response)
    {
        var view = response.Servable?.ToRecord();
        if (view is not null && response.Details is { } details)
        {
            view = view with
            {
                Details = new ServableDetails(Text(details.Owner), null, Text(details.Status), Text(details.Message), Text(details.Description), [.. details.Tags], null,
                    [.. details.Grants.Select(g => new DtServableGrant { Principal = g.Principal, Capabilities = [.. g.Capabilities] })]),
            };
        }
        var outcome = response.Outcome.ToRecord();
        return new ServableAnswer(outcome, outcome == ServableOutcome.Done ? null : response.Error, view);
    }

    private static string? Text(string value) => value.Length > 0 ? value : null;
}
