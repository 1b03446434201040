using System.Text.RegularExpressions;

namespace Dtaas.ApiServer;

/// <summary>Kubernetes object-name rules, with apimachinery's wording.</summary>
internal static partial class NameValidation
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label1035();

    /// <summary>Namespaces are DNS-1123 labels, Services DNS-1035 labels, everything else DNS-1123 subdomains.</summary>
    public static string? Check(ResourceType type, string name)
    {
        if (type.Group.Length == 0 && type.Plural == "namespaces")
        {
            return name.Length <= 63 && Label().IsMatch(name) ? null
                : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        }
        if (type.Group.Length == 0 && type.Plural == "services")
        {
            return name.Length <= 63 && Label1035().IsMatch(name) ? null
                : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
        }
        return name.Length <= 253 && Subdomain().IsMatch(name) ? null
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }
}
