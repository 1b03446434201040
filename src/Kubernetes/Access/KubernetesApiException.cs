using System.Net;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Access;

/// <summary>
/// The API server refused a request. The message is the server's own <c>Status.message</c>, which is
/// what a user should see; <see cref="Status"/> has the rest (reason, details, causes).
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode statusCode, string message, V1Status? status = null)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The machine-readable reason, e.g. <c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Expired</c>.</summary>
    public string? Reason => Status?.Reason;

    /// <summary>The server's Status object, when it sent one.</summary>
    public V1Status? Status { get; }

    /// <summary>The exception type a caller catches for this status code.</summary>
    internal static KubernetesApiException Create(HttpStatusCode statusCode, string message, V1Status? status) =>
        statusCode switch
        {
            HttpStatusCode.NotFound => new KubernetesNotFoundException(message, status),
            HttpStatusCode.Conflict => new KubernetesConflictException(message, status),
            HttpStatusCode.Gone => new KubernetesGoneException(message, status),
            _ => new KubernetesApiException(statusCode, message, status),
        };
}
