using System.Net;
using System.Text.Json;
using Dtaas.Grains.Interfaces.Models;
using k8s;
using k8s.Autorest;

namespace Dtaas.Kubernetes.Access;

/// <summary>Turns the library's failures into <see cref="KubernetesApiException"/>s with the server's Status message.</summary>
internal static class KubernetesErrors
{
    private const int MaxErrorBodyChars = 4096;

    /// <summary>A refused request: the body is a Status when the API server wrote it, anything else from a proxy.</summary>
    public static KubernetesApiException From(HttpOperationException e)
    {
        var code = e.Response?.StatusCode ?? HttpStatusCode.InternalServerError;
        var body = e.Response?.Content ?? "";
        var status = ReadStatus(body);
        var message = status is { Message.Length: > 0 }
            ? status.Message
            : $"{(int)code} {e.Response?.ReasonPhrase}: {(body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] : body)}".TrimEnd(' ', ':');
        return KubernetesApiException.Create(code, message, status);
    }

    /// <summary>A failure reported during a watch: an ERROR event's Status as the exception for its code, anything else as it came.</summary>
    public static Exception From(Exception e, string context) => e switch
    {
        KubernetesException { Status: { } status } => KubernetesApiException.Create(
            (HttpStatusCode)(status.Code ?? (int)HttpStatusCode.InternalServerError),
            status.Message is { Length: > 0 } message ? message : context,
            new V1Status { Status = status.Status, Message = status.Message, Reason = status.Reason, Code = status.Code }),
        HttpOperationException http => From(http),
        _ => e,
    };

    private static V1Status? ReadStatus(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, KubernetesJsonContext.Default.V1Status) is { Kind: "Status" } status ? status : null;
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, plain text): the body itself becomes the message.
            return null;
        }
    }
}
