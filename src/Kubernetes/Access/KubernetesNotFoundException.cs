using System.Net;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Access;

/// <summary>404: the object (or its namespace, or its kind) does not exist.</summary>
public sealed class KubernetesNotFoundException(string message, V1Status? status = null)
    : KubernetesApiException(HttpStatusCode.NotFound, message, status);
