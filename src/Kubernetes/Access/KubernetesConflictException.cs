using System.Net;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Access;

/// <summary>
/// 409: an update carried a stale resourceVersion (<see cref="KubernetesApiException.Reason"/> <c>Conflict</c>),
/// or a create found the name taken (<c>AlreadyExists</c>). The first is retried by re-reading the object.
/// </summary>
public sealed class KubernetesConflictException(string message, V1Status? status = null)
    : KubernetesApiException(HttpStatusCode.Conflict, message, status)
{
    public bool IsAlreadyExists => Reason == "AlreadyExists";
}
