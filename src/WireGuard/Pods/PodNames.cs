namespace Dtaas.WireGuard.Pods;

/// <summary>
/// Pod names as Kubernetes allows them (a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and
/// ending with a letter or digit, at most 253 characters). Resolvers turn names into paths and command arguments, so
/// anything else ("..", "/", options like "-x") is refused before it gets near either.
/// </summary>
public static class PodNames
{
    public const int MaxLength = 253;

    /// <summary>Null when <paramref name="name"/> is a usable pod name, else why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return $"a pod name is 1-{MaxLength} characters";
        }
        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
            || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])
            || name.Contains("..", StringComparison.Ordinal))
        {
            return $"'{name}' is not a pod name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
        }
        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;
}
