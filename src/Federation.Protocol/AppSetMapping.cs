using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Federation.Protocol;

/// <summary>The apps an origin shares with a domain between their records (<see cref="AppSet"/>, <see cref="SharedApp"/>) and messages.</summary>
public static class AppSetMapping
{
    public static V1.AppSet ToMessage(this AppSet set) => new()
    {
        DomainUid = ProtocolValues.Uuid(set.DomainUid),
        Apps = { set.Apps.Select(ToMessage) },
    };

    public static AppSet ToRecord(this V1.AppSet message) =>
        new(ProtocolValues.Uuid(message.DomainUid, "apps.domain_uid"), [.. message.Apps.Select(ToRecord)]);

    public static V1.SharedApp ToMessage(this SharedApp app)
    {
        var message = new V1.SharedApp
        {
            Id = app.Id,
            OriginNodeId = app.OriginNodeId,
            OriginNodeName = app.OriginNodeName,
            OriginName = app.OriginName,
            Domains = { app.Domains },
        };
        if (app.Spec is { } spec)
        {
            message.Spec = new V1.AppSpec();
            // Absent stays absent: a spec without a type is not a spec with an empty one.
            if (spec.AuthenticationType is { } type)
            {
                message.Spec.AuthenticationType = type;
            }
            if (spec.AuthenticationUrl is { } url)
            {
                message.Spec.AuthenticationUrl = url;
            }
        }
        return message;
    }

    public static SharedApp ToRecord(this V1.SharedApp message) => new(
        message.Id,
        message.OriginNodeId,
        message.OriginNodeName,
        message.OriginName,
        [.. message.Domains],
        message.Spec is { } spec
            ? new DtAppSpec
            {
                AuthenticationType = spec.HasAuthenticationType ? spec.AuthenticationType : null,
                AuthenticationUrl = spec.HasAuthenticationUrl ? spec.AuthenticationUrl : null,
            }
            : null);
}
