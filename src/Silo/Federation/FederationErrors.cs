using System.Globalization;
using Dtaas.Grains;
using Dtaas.Grains.Ports;
using Grpc.Core;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The federation protocol's error contract, both ways: a grain's exception becomes a gRPC status whose message is the
/// exception's (the receiving side), and a status becomes the exception the grains expect from
/// <see cref="IFederationClient"/> with a message that names the node and the request (the calling side).
/// </summary>
public static class FederationErrors
{
    /// <summary>The status for what the local grain threw while serving a call; <paramref name="call"/> is the call's own token.</summary>
    public static Status ToStatus(Exception exception, CancellationToken call) => exception switch
    {
        OperationCanceledException when call.IsCancellationRequested => new(StatusCode.Cancelled, "the call was cancelled or its deadline passed"),
        ArgumentException => new(StatusCode.InvalidArgument, exception.Message),
        UnauthorizedAccessException => new(StatusCode.PermissionDenied, exception.Message),
        KeyNotFoundException => new(StatusCode.NotFound, exception.Message),
        InvalidOperationException => new(StatusCode.FailedPrecondition, exception.Message),
        TimeoutException => new(StatusCode.DeadlineExceeded, exception.Message),
        NotSupportedException => new(StatusCode.Unimplemented, exception.Message),
        _ => new(StatusCode.Internal, FailureReason.Of(exception)),
    };

    /// <summary>
    /// The exception for a call of <paramref name="method"/> on <paramref name="nodeId"/> at <paramref name="address"/>
    /// that ended with <paramref name="error"/>; <paramref name="timedOut"/> says whether the call's own deadline had passed.
    /// </summary>
    public static Exception ToException(RpcException error, string method, string nodeId, Uri address, TimeSpan timeout, bool timedOut,
        CancellationToken cancellationToken)
    {
        var detail = error.Status.Detail;
        return error.StatusCode switch
        {
            StatusCode.Cancelled when cancellationToken.IsCancellationRequested => new OperationCanceledException($"Call to {method} on node {nodeId} was cancelled.", error, cancellationToken),
            StatusCode.DeadlineExceeded when timedOut || detail.Length == 0 =>
                new TimeoutException($"Call to {method} on node {nodeId} timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s."),
            StatusCode.DeadlineExceeded => new TimeoutException(detail),
            StatusCode.InvalidArgument => new ArgumentException(detail),
            StatusCode.PermissionDenied => new UnauthorizedAccessException(detail),
            StatusCode.NotFound => new KeyNotFoundException(detail),
            StatusCode.FailedPrecondition => new InvalidOperationException(detail),
            StatusCode.Unavailable => new FederationCallException($"Cannot reach node {nodeId} at {address} to call {method}: {TransportReason(error)}", error),
            _ => new FederationCallException($"Node {nodeId} answered {method} with {error.StatusCode}: {detail}", error),
        };
    }

    // What the transport said ("Connection refused (100.64.0.2:7480)"), rather than the client's generic wording.
    private static string TransportReason(RpcException error)
    {
        for (var inner = error.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or System.Net.Sockets.SocketException or IOException)
            {
                return inner.Message;
            }
        }
        return error.Status.Detail;
    }
}
