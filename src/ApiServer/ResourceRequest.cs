namespace Dtaas.ApiServer;

/// <summary>
/// A request path below /api/v1 or /apis/{group}/{version}, resolved to a resource type:
/// {resource}[/{name}[/{sub}]] or namespaces/{ns}/{resource}[/{name}[/{sub}]].
/// </summary>
internal sealed record ResourceRequest(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <returns>null when the path names no resource this server serves.</returns>
    public static ResourceRequest? Resolve(ResourceRegistry registry, string group, string version, IReadOnlyList<string> segments)
    {
        if (segments.Count >= 3 && segments[0] == "namespaces" && registry.Find(group, version, segments[2]) is { Namespaced: true } namespaced)
        {
            return segments.Count switch
            {
                3 => new ResourceRequest(namespaced, segments[1], null, null),
                4 => new ResourceRequest(namespaced, segments[1], segments[3], null),
                5 => new ResourceRequest(namespaced, segments[1], segments[3], segments[4]),
                _ => null,
            };
        }
        if (segments.Count is >= 1 and <= 3 && registry.Find(group, version, segments[0]) is { } type)
        {
            return new ResourceRequest(type, null, segments.Count > 1 ? segments[1] : null, segments.Count > 2 ? segments[2] : null);
        }
        return null;
    }
}
