using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;
using Dtaas.Kubernetes.Access;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Ports;

/// <summary>
/// Records Events through the Kubernetes API. The same reason and message for the same object is one Event whose
/// count grows (as client-go's correlator does), so a reconcile that keeps failing does not flood the namespace.
/// </summary>
public sealed class KubernetesEventRecorder(IKubernetesClient client, string nodeName, TimeProvider time, ILogger<KubernetesEventRecorder> logger) : IEventRecorder
{
    public async Task RecordAsync(IKubernetesObject subject, EventKind kind, string reason, string message, CancellationToken cancellationToken)
    {
        var meta = subject.Metadata;
        var name = $"{meta.Name}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{meta.Uid}|{kind}|{reason}|{message}")))[..12]}";
        var now = time.GetUtcNow();
        try
        {
            if (await client.TryGetAsync<V1Event>(name, meta.Namespace, cancellationToken) is { } existing)
            {
                await client.UpdateAsync(existing with { Count = (existing.Count ?? 1) + 1, LastTimestamp = now }, cancellationToken);
                return;
            }
            await client.CreateAsync(new V1Event
            {
                Metadata = new ObjectMeta { Name = name, Namespace = meta.Namespace },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = subject.ApiVersion,
                    Kind = subject.Kind,
                    Name = meta.Name,
                    Namespace = meta.Namespace,
                    Uid = meta.Uid,
                    ResourceVersion = meta.ResourceVersion,
                },
                Reason = reason,
                Message = message,
                Type = kind.ToString(),
                FirstTimestamp = now,
                LastTimestamp = now,
                Count = 1,
                Source = new V1EventSource { Component = "dtaas-silo", Host = nodeName },
                ReportingComponent = "dtaas-silo",
                ReportingInstance = nodeName,
            }, cancellationToken);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
        {
            // Losing an Event must not fail the reconcile that wanted to tell the user something.
            logger.LogWarning("Could not record event {Reason} on {Kind} {Namespace}/{Name}: {Error}", reason, subject.Kind, meta.Namespace, meta.Name, e.Message);
        }
    }
}
