namespace Dtaas.Gateway;

/// <summary>
/// An app as its origin node serves it.
/// <paramref name="Service"/>: where to send requests (e.g. http://10.1.2.3:12345/), or null with
/// <paramref name="ServiceProblem"/> saying why (e.g. "Service default/example-service has no endpoints").
/// <paramref name="AuthenticationUrl"/>: null for authenticationType None; the URL for Custom.
/// <paramref name="ServiceName"/>: "namespace/name" of the selected Service, only for messages (null: the app's key is named instead).
/// <paramref name="ServiceHttp2"/>: the Service speaks cleartext HTTP/2 (gRPC), not HTTP/1.1.
/// </summary>
public sealed record OriginApp(string AppId, string ObjectKey, Uri? Service, string? ServiceProblem, Uri? AuthenticationUrl, string? ServiceName = null,
    bool ServiceHttp2 = false);
