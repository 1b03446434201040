using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Apps;

/// <summary>What makes an origin dtApp unservable, said so the user knows which field to fix.</summary>
public static class AppValidation
{
    /// <summary>Why <paramref name="app"/> cannot be published, or null.</summary>
    public static string? Problem(DtApp app)
    {
        if (string.IsNullOrWhiteSpace(app.ServiceSelector?.Name))
        {
            return "serviceSelector.name is empty: name the Service in this namespace to publish";
        }
        if (app.DomainSelector?.Name is not { Count: > 0 } domains || domains.Any(string.IsNullOrWhiteSpace))
        {
            return "domainSelector.name is empty: list the dtDomains to share the app with";
        }
        var type = app.Spec?.AuthenticationType ?? DtAppAuthenticationType.None;
        if (type == DtAppAuthenticationType.None)
        {
            return null;
        }
        if (type != DtAppAuthenticationType.Custom)
        {
            return $"spec.authenticationType '{type}' is not supported: use None or Custom";
        }
        return Uri.TryCreate(app.Spec?.AuthenticationUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? null
            : "spec.authenticationURL must be an absolute http:// or https:// URL when spec.authenticationType is Custom";
    }
}
