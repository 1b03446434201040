namespace Dtaas.ApiServer;

/// <summary>Every resource this server serves: the core kinds DTaaS needs plus the custom kinds from the CRDs.</summary>
internal sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceType> _byPath = new();

    public ResourceRegistry(IEnumerable<ResourceType> types)
    {
        foreach (var type in types)
        {
            _byPath[(type.Group, type.Version, type.Plural)] = type;
        }
    }

    public IEnumerable<ResourceType> All => _byPath.Values;

    public ResourceType Namespaces => _byPath[("", "v1", "namespaces")];

    public ResourceType? Find(string group, string version, string plural) =>
        _byPath.GetValueOrDefault((group, version, plural));

    public IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        _byPath.Values.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal);

    /// <summary>Groups other than the legacy core group, with their versions.</summary>
    public IEnumerable<(string Group, IReadOnlyList<string> Versions)> NamedGroups =>
        _byPath.Values.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().ToList()));

    public static ResourceRegistry CreateDefault() => new(CoreResources.All.Concat(ReviewEndpoints.All).Concat(CrdLoader.LoadEmbedded()));
}
