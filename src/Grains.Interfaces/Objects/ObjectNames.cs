using System.Text.RegularExpressions;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>What Kubernetes allows as an object name (an RFC 1123 subdomain): dtUser names (usernames) and dtServable names.</summary>
public static partial class ObjectNames
{
    public static bool IsValid(string? name) => name is { Length: > 0 and <= 253 } && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Pattern();
}
