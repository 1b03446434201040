namespace Dtaas.Kubernetes.Tests.Access;

/// <summary>What the fake API server received.</summary>
internal sealed record RecordedRequest(
    string Method,
    string PathAndQuery,
    string Authorization,
    string? ContentType,
    string Body,
    string Protocol,
    string? ClientCertificateSubject);
