namespace Dtaas.Kubernetes.Client;

/// <summary>
/// What a pod sees of its cluster: the API service address from the environment and the service
/// account files. Every path can be pointed elsewhere (tests).
/// </summary>
public sealed record InClusterEnvironment
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public string? ServiceHost { get; init; }

    public string? ServicePort { get; init; }

    public string TokenPath { get; init; } = Path.Combine(ServiceAccountDirectory, "token");

    public string CaCertificatePath { get; init; } = Path.Combine(ServiceAccountDirectory, "ca.crt");

    public string NamespacePath { get; init; } = Path.Combine(ServiceAccountDirectory, "namespace");

    /// <summary>This process's environment (<c>KUBERNETES_SERVICE_HOST</c>, <c>KUBERNETES_SERVICE_PORT</c>) and the standard paths.</summary>
    public static InClusterEnvironment FromProcess() => new()
    {
        ServiceHost = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        ServicePort = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"),
    };
}
