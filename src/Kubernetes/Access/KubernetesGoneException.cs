using System.Net;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Access;

/// <summary>
/// 410: the resourceVersion a watch (or continued list) asked for is older than the server keeps.
/// A watcher recovers by listing again and watching from the list's resourceVersion.
/// </summary>
public sealed class KubernetesGoneException(string message, V1Status? status = null)
    : KubernetesApiException(HttpStatusCode.Gone, message, status);
