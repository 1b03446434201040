using Microsoft.AspNetCore.Http;

namespace Dtaas.ApiServer;

/// <summary>
/// Legacy (unaggregated) discovery: /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version},
/// plus /version. kubectl asks for aggregated discovery first and falls back to these when the
/// answer is plain application/json.
/// </summary>
internal sealed class DiscoveryEndpoints(ResourceRegistry registry)
{
    // kubectl wrappers pick a client by server minor version; 1.32 matches the kubectl this project tests with.
    private static readonly VersionInfo Version = new("1", "32", "v1.32.0-dtaas", "0000000000000000000000000000000000000000",
        "clean", "2025-01-01T00:00:00Z", ".NET", "dotnet", "linux/amd64");

    public Task VersionAsync(HttpContext context) => ApiResponses.WriteAsync(context, 200, Version, ApiJsonContext.Default.VersionInfo);

    public Task CoreVersionsAsync(HttpContext context) =>
        ApiResponses.WriteAsync(context, 200,
            new ApiVersions(["v1"], [new ServerAddressByClientCidr("0.0.0.0/0", context.Request.Host.Value ?? "")]),
            ApiJsonContext.Default.ApiVersions);

    public Task GroupsAsync(HttpContext context) =>
        ApiResponses.WriteAsync(context, 200, new ApiGroupList(registry.NamedGroups.Select(Group).ToList()), ApiJsonContext.Default.ApiGroupList);

    public Task GroupAsync(HttpContext context, string group)
    {
        var found = registry.NamedGroups.Where(g => g.Group == group).Select(Group).FirstOrDefault();
        return found is null
            ? ApiResponses.WriteStatusAsync(context, StatusErrors.PathNotFound().Status)
            : ApiResponses.WriteAsync(context, 200, found, ApiJsonContext.Default.ApiGroup);
    }

    public Task ResourcesAsync(HttpContext context, string group, string version)
    {
        var types = registry.InGroupVersion(group, version).ToList();
        if (types.Count == 0)
        {
            return ApiResponses.WriteStatusAsync(context, StatusErrors.PathNotFound().Status);
        }
        var resources = types.Select(t => new ApiResource(t.Plural, t.Singular, t.Namespaced, t.Kind, t.ServedVerbs,
            t.ShortNames.Count == 0 ? null : t.ShortNames, t.Categories is { Count: > 0 } c ? c : null)).ToList();
        var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
        return ApiResponses.WriteAsync(context, 200, new ApiResourceList(groupVersion, resources), ApiJsonContext.Default.ApiResourceList);
    }

    private static ApiGroup Group((string Group, IReadOnlyList<string> Versions) g)
    {
        var versions = g.Versions.Select(v => new GroupVersionForDiscovery($"{g.Group}/{v}", v)).ToList();
        return new ApiGroup(g.Group, versions, versions[0]);
    }
}
