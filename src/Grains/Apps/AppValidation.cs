using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Apps;

/// <summary>What makes an origin dtApp unservable, said so the user knows which field to fix.</summary>
public static class AppValidation
{
    /// <summary>
    /// What a served app's <c>message</c> says: which selected domains it is not shared with (none on this node by that
    /// name, or not Ready), or null when it reaches all of them.
    /// </summary>
    public static string? Unshared(DtApp app, IReadOnlyList<SharingDomain> domains)
    {
        var missing = (app.DomainSelector?.Name ?? []).Where(name => domains.All(d => d.Name != name)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }
        var names = string.Join(", ", missing);
        return missing.Count == app.DomainSelector!.Name!.Count
            ? $"Not shared yet: no dtDomain {names} is Ready on this node."
            : $"Not shared with dtDomain {names}: none by that name is Ready on this node.";
    }

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
