namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Where a kind lives in the Kubernetes API: enough to build every URL for it.</summary>
/// <param name="Group">API group; empty for the core ("legacy") group served under <c>/api</c>.</param>
public sealed record ResourceKind(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, e.g. <c>/apis/g/v1/namespaces/ns/plural</c>; a null namespace means all namespaces.</summary>
    public string CollectionPath(string? @namespace)
    {
        if (@namespace is not null && !Namespaced)
        {
            throw new ArgumentException($"{Kind} is cluster-scoped and takes no namespace.", nameof(@namespace));
        }

        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return @namespace is null
            ? $"{root}/{Plural}"
            : $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}";
    }

    /// <summary>The path of one named object.</summary>
    public string ObjectPath(string name, string? @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Namespaced && @namespace is null)
        {
            throw new ArgumentException($"{Kind} is namespaced; a namespace is required.", nameof(@namespace));
        }

        return $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
    }
}
