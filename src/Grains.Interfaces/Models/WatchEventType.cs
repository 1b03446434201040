using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>The <c>type</c> of a watch event, spelled on the wire as the API server does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WatchEventType>))]
public enum WatchEventType
{
    [JsonStringEnumMemberName("ADDED")]
    Added,

    [JsonStringEnumMemberName("MODIFIED")]
    Modified,

    [JsonStringEnumMemberName("DELETED")]
    Deleted,

    /// <summary>Carries only a newer <c>metadata.resourceVersion</c> to resume from; no object changed.</summary>
    [JsonStringEnumMemberName("BOOKMARK")]
    Bookmark,

    /// <summary>The object is a <see cref="V1Status"/>; the watch ends.</summary>
    [JsonStringEnumMemberName("ERROR")]
    Error,
}
