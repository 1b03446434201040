using Dtaas.Federation.Protocol;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Google.Protobuf;
using V1 = Dtaas.Federation.Protocol.V1;

namespace Dtaas.Grains.Ports;

/// <summary>
/// The federation calls with the proto's messages (<see cref="CallAsync{TResponse}"/>: the request names its call),
/// and, for the calls grains make with the contracts' records, the mapping of those records to and from the messages.
/// A new call needs nothing here: a grain can send its request message as it is.
/// </summary>
public static class FederationCalls
{
    /// <summary>Sends <paramref name="request"/> to its call and reads the answer.</summary>
    /// <exception cref="FederationCallException">The answer is not a <typeparamref name="TResponse"/> this node can read.</exception>
    public static async Task<TResponse> CallAsync<TResponse>(this IFederationClient client, string nodeId, Guid domainUid, IMessage request,
        CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        var response = new TResponse();
        var method = FederationMethods.NameOf(request.Descriptor, response.Descriptor);
        var bytes = await client.CallAsync(nodeId, domainUid, method, request.ToByteArray(), cancellationToken);
        try
        {
            response.MergeFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FederationCallException($"Node {nodeId} answered {method} with what this node cannot read: {e.Message}");
        }
        return response;
    }

    public static Task ApplyMembershipAsync(this IFederationClient client, string nodeId, Guid domainUid, MemberList memberList, CancellationToken cancellationToken) =>
        client.CallAsync<V1.ApplyMembershipResponse>(nodeId, domainUid, new V1.ApplyMembershipRequest { Membership = memberList.ToMessage() }, cancellationToken);

    public static Task LeaveAsync(this IFederationClient client, string nodeId, Guid domainUid, CancellationToken cancellationToken) =>
        client.CallAsync<V1.LeaveResponse>(nodeId, domainUid, new V1.LeaveRequest(), cancellationToken);

    public static Task SyncAppsAsync(this IFederationClient client, string nodeId, Guid domainUid, AppSet set, CancellationToken cancellationToken) =>
        client.CallAsync<V1.SyncAppsResponse>(nodeId, domainUid, new V1.SyncAppsRequest { Apps = set.ToMessage() }, cancellationToken);

    public static async Task<NetworkAnswer> JoinNetworkAsync(this IFederationClient client, string nodeId, Guid domainUid, NetworkJoin join,
        CancellationToken cancellationToken)
    {
        var response = await client.CallAsync<V1.JoinNetworkResponse>(nodeId, domainUid, new V1.JoinNetworkRequest { Join = join.ToMessage() }, cancellationToken);
        return Answered(response.Answer, nodeId, "JoinNetwork").ToRecord();
    }

    public static Task LeaveNetworkAsync(this IFederationClient client, string nodeId, Guid domainUid, string name, CancellationToken cancellationToken) =>
        client.CallAsync<V1.LeaveNetworkResponse>(nodeId, domainUid, new V1.LeaveNetworkRequest { Name = name }, cancellationToken);

    public static Task ApplyNetworkAsync(this IFederationClient client, string nodeId, Guid domainUid, ServiceNetwork network, CancellationToken cancellationToken) =>
        client.CallAsync<V1.ApplyNetworkResponse>(nodeId, domainUid, new V1.ApplyNetworkRequest { Network = network.ToMessage() }, cancellationToken);

    public static async Task<NodeInfo> ProbeAsync(this IFederationClient client, string nodeId, Guid domainUid, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync<V1.ProbeResponse>(nodeId, domainUid, new V1.ProbeRequest(), cancellationToken);
        return Answered(response.Node, nodeId, "Probe").ToRecord();
    }

    public static async Task<IReadOnlyList<ServableView>> ListServablesAsync(this IFederationClient client, string nodeId, Guid domainUid, VerifiedPrincipal principal,
        string type, CancellationToken cancellationToken)
    {
        var response = await client.CallAsync<V1.ListServablesResponse>(nodeId, domainUid,
            new V1.ListServablesRequest { Principal = principal.ToMessage(), Type = type }, cancellationToken);
        return Readable(nodeId, "ListServables", () => response.Items.Select(item => item.ToRecord()).ToList());
    }

    /// <summary>
    /// Asks an object's node to approve linking object <paramref name="objectId"/> into trust <paramref name="trustId"/>
    /// of node <paramref name="homeNodeId"/> (this one, or another whose trust this node's user <paramref name="actor"/> is a trustee of).
    /// </summary>
    public static Task LinkTrustObjectAsync(this IFederationClient client, string nodeId, Guid domainUid, VerifiedPrincipal actor, string homeNodeId, string trustId,
        string objectId, Capability capabilities, CancellationToken cancellationToken)
    {
        var request = new V1.LinkTrustObjectRequest { Principal = actor.ToMessage(), HomeNodeId = homeNodeId, TrustId = trustId, ObjectId = objectId };
        request.Capabilities.AddRange(Capabilities.Names(capabilities));
        return client.CallAsync<V1.LinkTrustObjectResponse>(nodeId, domainUid, request, cancellationToken);
    }

    public static async Task<IReadOnlyList<TrustView>> ListTrustsAsync(this IFederationClient client, string nodeId, Guid domainUid, VerifiedPrincipal principal,
        CancellationToken cancellationToken)
    {
        var response = await client.CallAsync<V1.ListTrustsResponse>(nodeId, domainUid, new V1.ListTrustsRequest { Principal = principal.ToMessage() }, cancellationToken);
        return [.. response.Items.Select(item => item.ToRecord())];
    }

    public static async Task<TrustAnswer> ChangeTrustAsync(this IFederationClient client, string nodeId, Guid domainUid, VerifiedPrincipal principal, string trustId,
        TrustChange change, CancellationToken cancellationToken)
    {
        var request = new V1.ChangeTrustRequest { Principal = principal.ToMessage(), TrustId = trustId };
        request.SetChange(change);
        var response = await client.CallAsync<V1.ChangeTrustResponse>(nodeId, domainUid, request, cancellationToken);
        return Readable(nodeId, "ChangeTrust", response.ToRecord);
    }

    /// <summary>
    /// This node's user <paramref name="principal"/> reads, grants or revokes on servable <paramref name="servableId"/> of
    /// the member (Hidden when the member holds none the user may know of); the answer carries no URI.
    /// </summary>
    public static async Task<ServableAnswer> ActOnServableAsync(this IFederationClient client, string nodeId, Guid domainUid, VerifiedPrincipal principal,
        string servableId, ServableAction action, CancellationToken cancellationToken)
    {
        var request = new V1.ActOnServableRequest { Principal = principal.ToMessage(), ServableId = servableId };
        request.SetAction(action);
        var response = await client.CallAsync<V1.ActOnServableResponse>(nodeId, domainUid, request, cancellationToken);
        return Readable(nodeId, "ActOnServable", response.ToRecord, orArgument: true);
    }

    /// <summary>Tells an object's node the current state of this node's trust (or that it was deleted).</summary>
    public static Task ApplyTrustAsync(this IFederationClient client, string nodeId, Guid domainUid, TrustedSet set, bool withdrawn, CancellationToken cancellationToken) =>
        client.CallAsync<V1.ApplyTrustResponse>(nodeId, domainUid, set.ToRequest(withdrawn), cancellationToken);

    public static Task SyncUsersAsync(this IFederationClient client, string nodeId, Guid domainUid, UserSet set, CancellationToken cancellationToken) =>
        client.CallAsync<V1.SyncUsersResponse>(nodeId, domainUid, new V1.SyncUsersRequest { Users = { set.Users.Select(u => u.ToMessage()) } }, cancellationToken);

    private static T Answered<T>(T? message, string nodeId, string method) where T : class =>
        message ?? throw new FederationCallException($"Node {nodeId} answered {method} without the answer's content.");

    // A record's own checks throw ArgumentException where the answer's reading may (orArgument), FormatException elsewhere.
    private static T Readable<T>(string nodeId, string method, Func<T> read, bool orArgument = false)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException || orArgument && e is ArgumentException)
        {
            throw new FederationCallException($"Node {nodeId} answered {method} with what this node cannot read: {e.Message}");
        }
    }
}
