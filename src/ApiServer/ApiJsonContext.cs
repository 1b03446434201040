using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dtaas.ApiServer;

// The fixed wire records this server writes itself. Stored objects stay schemaless (JsonNode).

internal sealed record ListMeta(
    [property: JsonPropertyName("resourceVersion")] string? ResourceVersion = null);

internal sealed record StatusCause(string Reason, string Message, string Field);

internal sealed record StatusDetails(
    string? Name = null, string? Group = null, string? Kind = null,
    IReadOnlyList<StatusCause>? Causes = null, int? RetryAfterSeconds = null);

/// <summary>meta/v1 Status: the error body every Kubernetes client understands.</summary>
internal sealed record Status(string Message, string Reason, int Code, StatusDetails? Details = null)
{
    public string Kind => "Status";
    public string ApiVersion => "v1";
    public ListMeta Metadata { get; } = new();
    [JsonPropertyName("status")] public string Outcome => Code is >= 200 and < 300 ? "Success" : "Failure";
}

internal sealed record ObjectList(
    string Kind, string ApiVersion, ListMeta Metadata, IReadOnlyList<JsonNode?> Items);

internal sealed record WatchEvent(string Type, JsonNode? Object);

internal sealed record VersionInfo(
    string Major, string Minor, string GitVersion, string GitCommit, string GitTreeState,
    string BuildDate, string GoVersion, string Compiler, string Platform);

internal sealed record ServerAddressByClientCidr(
    [property: JsonPropertyName("clientCIDR")] string ClientCidr, string ServerAddress);

internal sealed record ApiVersions(IReadOnlyList<string> Versions, IReadOnlyList<ServerAddressByClientCidr> ServerAddressByClientCIDRs)
{
    public string Kind => "APIVersions";
}

internal sealed record GroupVersionForDiscovery(string GroupVersion, string Version);

internal sealed record ApiGroup(string Name, IReadOnlyList<GroupVersionForDiscovery> Versions, GroupVersionForDiscovery PreferredVersion)
{
    public string Kind => "APIGroup";
    public string ApiVersion => "v1";
}

internal sealed record ApiGroupList(IReadOnlyList<ApiGroup> Groups)
{
    public string Kind => "APIGroupList";
    public string ApiVersion => "v1";
}

internal sealed record ApiResource(
    string Name, string SingularName, bool Namespaced, string Kind, IReadOnlyList<string> Verbs,
    IReadOnlyList<string>? ShortNames = null, IReadOnlyList<string>? Categories = null);

internal sealed record ApiResourceList(string GroupVersion, IReadOnlyList<ApiResource> Resources)
{
    public string Kind => "APIResourceList";
    public string ApiVersion => "v1";
}

internal sealed record TableColumnDefinition(string Name, string Type, string Format, string Description, int Priority);

internal sealed record TableRow(IReadOnlyList<JsonNode?> Cells, JsonNode? Object);

internal sealed record Table(ListMeta Metadata, IReadOnlyList<TableColumnDefinition> ColumnDefinitions, IReadOnlyList<TableRow> Rows)
{
    public string Kind => "Table";
    public string ApiVersion => "meta.k8s.io/v1";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(ObjectList))]
[JsonSerializable(typeof(WatchEvent))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(ApiVersions))]
[JsonSerializable(typeof(ApiGroup))]
[JsonSerializable(typeof(ApiGroupList))]
[JsonSerializable(typeof(ApiResourceList))]
[JsonSerializable(typeof(Table))]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
