namespace Dtaas.Grains.Ports;

/// <summary>
/// Calls to another member of a domain over the domain's overlay (the federation protocol, DESIGN.md 2.3,
/// proto/dtaas/federation/v1): call <c>method</c> of the proto with a request's bytes, to node <c>nodeId</c> about
/// domain <c>domainUid</c>, as this node (the client fills in the request's context). The receiving node knows this
/// node by the overlay source address and runs the request with that caller. Grains call it through
/// <see cref="FederationCalls"/>, with the proto's messages.
/// </summary>
/// <remarks>
/// Every call ends within the federation timeout (5 s) or when <c>cancellationToken</c> is cancelled, whichever is
/// first. Failures: <see cref="OperationCanceledException"/> when the token was cancelled; <see cref="TimeoutException"/>
/// when the timeout passed; <see cref="FederationCallException"/> when the node cannot be reached or is not known;
/// the receiver's refusals as <see cref="UnauthorizedAccessException"/> (not a member, or not allowed),
/// <see cref="ArgumentException"/> (a request that does not fit), <see cref="KeyNotFoundException"/> (no such domain
/// there) and <see cref="InvalidOperationException"/> (the domain's state refuses it), with the receiver's reason.
/// </remarks>
public interface IFederationClient
{
    /// <summary>Sends <paramref name="request"/> (a request message of call <paramref name="method"/>) and returns the answer's bytes.</summary>
    Task<byte[]> CallAsync(string nodeId, Guid domainUid, string method, byte[] request, CancellationToken cancellationToken);
}
