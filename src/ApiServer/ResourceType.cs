using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>One served resource: its names, scope, schema (custom kinds only) and printer columns.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    IReadOnlyList<string> ShortNames,
    bool Namespaced,
    JsonObject? Schema,
    IReadOnlyList<PrinterColumn> Columns,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? Verbs = null)
{
    /// <summary>The verbs discovery lists: every verb unless the kind says otherwise (reviews are create-only).</summary>
    public IReadOnlyList<string> ServedVerbs => Verbs ?? AllVerbs;

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string ListKind => Kind + "List";

    /// <summary>"dtdomains.sid.sightlineinnovation.com" or "services": the name errors use.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"dtDomain.sid.sightlineinnovation.com" or "Service": the name 422 errors use.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>Custom kinds are validated against their CRD schema; core kinds are stored as sent.</summary>
    public bool IsCustom => Schema is not null;

    /// <summary>Key in the store; group + plural identify a resource across versions.</summary>
    public string StorageKey => $"{Group}/{Plural}";

    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
