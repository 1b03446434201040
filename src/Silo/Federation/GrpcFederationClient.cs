using System.Diagnostics;
using Dtaas.Federation.Protocol;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;
using Grpc.Core;
using V1 = Dtaas.Federation.Protocol.V1;

namespace Dtaas.Silo.Federation;

/// <summary>
/// <see cref="IFederationClient"/> over the federation protocol (proto/dtaas/federation/v1): each call goes to the
/// member's listener on the domain's overlay (<see cref="INodeDirectory"/>), over the channel kept for that address
/// (<see cref="FederationChannels"/>), as this node (<paramref name="selfNodeId"/>, which the receiver checks against
/// the source address). A call ends at the caller's token or after <see cref="Timeout"/>, whichever comes first.
/// </summary>
public sealed class GrpcFederationClient(string selfNodeId, INodeDirectory directory, FederationChannels channels, TimeSpan? timeout = null)
    : IFederationClient
{
    /// <summary>The federation timeout: how long a node waits for another's answer.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; } = timeout ?? DefaultTimeout;

    public Task ApplyMembershipAsync(string nodeId, Guid domainUid, MemberList memberList, CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "ApplyMembership", (client, context, options) =>
            client.ApplyMembershipAsync(new V1.ApplyMembershipRequest { Context = context, Membership = memberList.ToMessage() }, options), cancellationToken);

    public Task LeaveAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "Leave", (client, context, options) => client.LeaveAsync(new V1.LeaveRequest { Context = context }, options), cancellationToken);

    public Task SyncAppsAsync(string nodeId, Guid domainUid, AppSet set, CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "SyncApps", (client, context, options) =>
            client.SyncAppsAsync(new V1.SyncAppsRequest { Context = context, Apps = set.ToMessage() }, options), cancellationToken);

    public async Task<NetworkAnswer> JoinNetworkAsync(string nodeId, Guid domainUid, NetworkJoin join, CancellationToken cancellationToken)
    {
        var response = await CallAsync(nodeId, domainUid, "JoinNetwork", (client, context, options) =>
            client.JoinNetworkAsync(new V1.JoinNetworkRequest { Context = context, Join = join.ToMessage() }, options), cancellationToken);
        return Answered(response.Answer, nodeId, "JoinNetwork").ToRecord();
    }

    public Task LeaveNetworkAsync(string nodeId, Guid domainUid, string name, CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "LeaveNetwork", (client, context, options) =>
            client.LeaveNetworkAsync(new V1.LeaveNetworkRequest { Context = context, Name = name }, options), cancellationToken);

    public Task ApplyNetworkAsync(string nodeId, Guid domainUid, ServiceNetwork network, CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "ApplyNetwork", (client, context, options) =>
            client.ApplyNetworkAsync(new V1.ApplyNetworkRequest { Context = context, Network = network.ToMessage() }, options), cancellationToken);

    public async Task<NodeInfo> ProbeAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken)
    {
        var response = await CallAsync(nodeId, domainUid, "Probe", (client, context, options) =>
            client.ProbeAsync(new V1.ProbeRequest { Context = context }, options), cancellationToken);
        return Answered(response.Node, nodeId, "Probe").ToRecord();
    }

    public async Task<IReadOnlyList<ServableView>> ListServablesAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string type,
        CancellationToken cancellationToken)
    {
        var response = await CallAsync(nodeId, domainUid, "ListServables", (client, context, options) =>
            client.ListServablesAsync(new V1.ListServablesRequest { Context = context, Principal = principal.ToMessage(), Type = type }, options), cancellationToken);
        try
        {
            return [.. response.Items.Select(item => item.ToRecord())];
        }
        catch (FormatException e)
        {
            throw new FederationCallException($"Node {nodeId} answered ListServables with an item this node cannot read: {e.Message}");
        }
    }

    public Task LinkTrustObjectAsync(string nodeId, Guid domainUid, VerifiedPrincipal actor, string homeNodeId, string trustId, string objectId, Capability capabilities,
        CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "LinkTrustObject", (client, context, options) =>
        {
            var request = new V1.LinkTrustObjectRequest
            {
                Context = context, Principal = actor.ToMessage(), HomeNodeId = homeNodeId, TrustId = trustId, ObjectId = objectId,
            };
            request.Capabilities.AddRange(Capabilities.Names(capabilities));
            return client.LinkTrustObjectAsync(request, options);
        }, cancellationToken);

    public async Task<IReadOnlyList<TrustView>> ListTrustsAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, CancellationToken cancellationToken)
    {
        var response = await CallAsync(nodeId, domainUid, "ListTrusts", (client, context, options) =>
            client.ListTrustsAsync(new V1.ListTrustsRequest { Context = context, Principal = principal.ToMessage() }, options), cancellationToken);
        return [.. response.Items.Select(item => item.ToRecord())];
    }

    public async Task<TrustAnswer> ChangeTrustAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string trustId, TrustChange change,
        CancellationToken cancellationToken)
    {
        var response = await CallAsync(nodeId, domainUid, "ChangeTrust", (client, context, options) =>
        {
            var request = new V1.ChangeTrustRequest { Context = context, Principal = principal.ToMessage(), TrustId = trustId };
            request.SetChange(change);
            return client.ChangeTrustAsync(request, options);
        }, cancellationToken);
        try
        {
            return response.ToRecord();
        }
        catch (FormatException e)
        {
            throw new FederationCallException($"Node {nodeId} answered ChangeTrust with what this node cannot read: {e.Message}");
        }
    }

    public async Task<ServableAnswer> ActOnServableAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string servableId, ServableAction action,
        CancellationToken cancellationToken)
    {
        var response = await CallAsync(nodeId, domainUid, "ActOnServable", (client, context, options) =>
        {
            var request = new V1.ActOnServableRequest { Context = context, Principal = principal.ToMessage(), ServableId = servableId };
            request.SetAction(action);
            return client.ActOnServableAsync(request, options);
        }, cancellationToken);
        try
        {
            return response.ToRecord();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FederationCallException($"Node {nodeId} answered ActOnServable with what this node cannot read: {e.Message}");
        }
    }

    public Task ApplyTrustAsync(string nodeId, Guid domainUid, TrustedSet set, bool withdrawn, CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "ApplyTrust", (client, context, options) =>
        {
            var request = set.ToRequest(withdrawn);
            request.Context = context;
            return client.ApplyTrustAsync(request, options);
        }, cancellationToken);

    public Task SyncUsersAsync(string nodeId, Guid domainUid, UserSet set, CancellationToken cancellationToken) =>
        CallAsync(nodeId, domainUid, "SyncUsers", (client, context, options) =>
            client.SyncUsersAsync(new V1.SyncUsersRequest { Context = context, Users = { set.Users.Select(u => u.ToMessage()) } }, options), cancellationToken);

    private async Task<TResponse> CallAsync<TResponse>(string nodeId, Guid domainUid, string method,
        Func<V1.Federation.FederationClient, V1.RequestContext, CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken)
    {
        if (!directory.TryGetAddress(nodeId, domainUid, out var address))
        {
            throw new FederationCallException($"Node {nodeId} is not known on the overlay of domain {domainUid} (not a member, or the overlay is not up yet); cannot call {method}.");
        }
        using var activity = FederationActivities.StartCall(method, nodeId, domainUid);
        var context = new V1.RequestContext { DomainUid = ProtocolValues.Uuid(domainUid), CallerNodeId = selfNodeId };
        var deadline = DateTime.UtcNow + Timeout;
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // The caller's token cancels the call by disposing it rather than as CallOptions' token: gRPC answers a
            // cancelled token by formatting the stack into the exception, which under load (probes giving up by the
            // thousand) took a tenth of the CPU; a disposed call ends with a plain Cancelled status.
            using var pending = call(new V1.Federation.FederationClient(channels.For(address)), context, new CallOptions(deadline: deadline));
            using var cancel = cancellationToken.UnsafeRegister(static c => ((IDisposable)c!).Dispose(), pending);
            return await pending.ResponseAsync;
        }
        catch (RpcException e)
        {
            activity?.SetTag("rpc.grpc.status_code", (int)e.StatusCode);
            activity?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            throw FederationErrors.ToException(e, method, nodeId, address, Timeout, timedOut: DateTime.UtcNow >= deadline, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            throw new FederationCallException($"Node {nodeId} left the overlay of domain {domainUid} while {method} was being sent to {address}.");
        }
    }

    private static T Answered<T>(T? message, string nodeId, string method) where T : class =>
        message ?? throw new FederationCallException($"Node {nodeId} answered {method} without the answer's content.");
}
