namespace Dtaas.ApiServer;

/// <summary>Builds Status errors worded like kube-apiserver's, so kubectl prints familiar messages.</summary>
internal static class StatusErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        Fail(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", Details(type, name));

    public static ApiException NamespaceNotFound(string ns) =>
        Fail(404, "NotFound", $"namespaces \"{ns}\" not found", new StatusDetails(Name: ns, Kind: "namespaces"));

    public static ApiException PathNotFound() =>
        Fail(404, "NotFound", "the server could not find the requested resource");

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        Fail(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        Fail(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": {why}", Details(type, name));

    public static ApiException StaleResourceVersion(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = errors.Select(e => new StatusCause(e.Reason, e.Detail, e.Field)).ToList();
        var joined = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        return Fail(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {joined}",
            new StatusDetails(Name: name, Group: type.Group, Kind: type.Kind, Causes: causes));
    }

    public static ApiException InvalidRequest(string message) => Fail(422, "Invalid", message);

    public static ApiException BadRequest(string message) => Fail(400, "BadRequest", message);

    public static ApiException Forbidden(ResourceType type, string name, string why) =>
        Fail(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {why}", Details(type, name));

    public static ApiException Unauthorized() => Fail(401, "Unauthorized", "Unauthorized");

    public static ApiException MethodNotAllowed(string method, string what) =>
        Fail(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({method} {what})");

    public static ApiException UnsupportedMediaType(string contentType,
        string accepted = "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml") =>
        Fail(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {accepted} (got \"{contentType}\")");

    public static ApiException Expired(string message) => Fail(410, "Expired", message);

    public static ApiException Internal(string message) => Fail(500, "InternalError", message);

    public static Status Unknown(int code, string message) => new(message, "", code);

    private static StatusDetails Details(ResourceType type, string name) =>
        new(Name: name, Group: type.Group.Length == 0 ? null : type.Group, Kind: type.Plural);

    private static ApiException Fail(int code, string reason, string message, StatusDetails? details = null) =>
        new(new Status(message, reason, code, details));
}
