namespace Dtaas.Kubernetes.Access;

/// <summary>Query options of list and watch (meta/v1 ListOptions).</summary>
public sealed record ListOptions
{
    /// <summary>e.g. <c>app=x,tier!=db</c> or <c>env in (a,b)</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>e.g. <c>metadata.name=x</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>For a watch: the version to start after (the list's <c>metadata.resourceVersion</c>, or the last event's).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Page size of a list; the response's <c>metadata.continue</c> fetches the next page.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>For a watch: the server ends the stream after this long, cleanly.</summary>
    public int? TimeoutSeconds { get; init; }
}
