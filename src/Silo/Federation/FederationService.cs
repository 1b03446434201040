using Dtaas.Federation.Protocol;
using Dtaas.Federation.Protocol.V1;
// Orleans brings its own RequestContext into scope; the federation's is meant here.
using RequestContext = Dtaas.Federation.Protocol.V1.RequestContext;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Users;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using FederationRpc = Dtaas.Federation.Protocol.V1.Federation;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The federation protocol's server on one domain's overlay listener (proto/dtaas/federation/v1). Each call is admitted
/// first (<see cref="FederationAdmission"/>: the source address is a member's and the request names that member), then
/// becomes exactly one call of the domain's local <see cref="IFederationGrain"/> with the verified caller; what the
/// grain throws goes back as a status (<see cref="FederationErrors"/>).
/// </summary>
public sealed class FederationService(FederationAdmission admission, Func<Guid, IFederationGrain> grains, ILogger<FederationService> logger)
    : FederationRpc.FederationBase
{
    private static readonly ApplyMembershipResponse Applied = new();
    private static readonly LeaveResponse Left = new();
    private static readonly SyncAppsResponse Synced = new();
    private static readonly LeaveNetworkResponse LeftNetwork = new();
    private static readonly ApplyNetworkResponse AppliedNetwork = new();
    private static readonly LinkTrustObjectResponse LinkedTrustObject = new();
    private static readonly ApplyTrustResponse AppliedTrust = new();
    private static readonly SyncUsersResponse SyncedUsers = new();

    public override Task<ApplyMembershipResponse> ApplyMembership(ApplyMembershipRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            await grain.ApplyMembership(Required(request.Membership, "membership").ToRecord(), caller, ct);
            return Applied;
        });

    public override Task<LeaveResponse> Leave(LeaveRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            await grain.Leave(caller, ct);
            return Left;
        });

    public override Task<SyncAppsResponse> SyncApps(SyncAppsRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            await grain.SyncApps(Required(request.Apps, "apps").ToRecord(), caller, ct);
            return Synced;
        });

    public override Task<JoinNetworkResponse> JoinNetwork(JoinNetworkRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
            new JoinNetworkResponse { Answer = (await grain.JoinNetwork(Required(request.Join, "join").ToRecord(), caller, ct)).ToMessage() });

    public override Task<LeaveNetworkResponse> LeaveNetwork(LeaveNetworkRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            await grain.LeaveNetwork(request.Name.Length > 0 ? request.Name : throw new ArgumentException("the request names no network"), caller, ct);
            return LeftNetwork;
        });

    public override Task<ApplyNetworkResponse> ApplyNetwork(ApplyNetworkRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            await grain.ApplyNetwork(Required(request.Network, "network").ToRecord(), caller, ct);
            return AppliedNetwork;
        });

    public override Task<ProbeResponse> Probe(ProbeRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) => new ProbeResponse { Node = (await grain.Probe(caller, ct)).ToMessage() });

    public override Task<ListServablesResponse> ListServables(ListServablesRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            var user = Required(request.Principal, "principal");
            var response = new ListServablesResponse();
            response.Items.AddRange((await grain.ListServables(new(user.NodeId, user.UserId), user.Username, request.Type, caller, ct)).Select(v => v.ToMessage()));
            return response;
        });

    public override Task<LinkTrustObjectResponse> LinkTrustObject(LinkTrustObjectRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            var user = Required(request.Principal, "principal");
            // No home named: the caller's own trust.
            var home = request.HomeNodeId.Length > 0 ? request.HomeNodeId : caller;
            await grain.LinkTrustObject(new(user.NodeId, user.UserId), user.Username, home, request.TrustId, request.ObjectId,
                Capabilities.Parse(request.Capabilities), caller, ct);
            return LinkedTrustObject;
        });

    public override Task<ListTrustsResponse> ListTrusts(ListTrustsRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            var user = Required(request.Principal, "principal");
            var response = new ListTrustsResponse();
            response.Items.AddRange((await grain.ListTrusts(new(user.NodeId, user.UserId), user.Username, caller, ct)).Select(t => t.ToMessage()));
            return response;
        });

    public override Task<ChangeTrustResponse> ChangeTrust(ChangeTrustRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            var user = Required(request.Principal, "principal");
            return (await grain.ChangeTrust(new(user.NodeId, user.UserId), user.Username, request.TrustId, request.ToChange(), caller, ct)).ToMessage();
        });

    public override Task<ActOnServableResponse> ActOnServable(ActOnServableRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            var user = Required(request.Principal, "principal");
            return (await grain.ActOnServable(new(user.NodeId, user.UserId), user.Username, request.ServableId, request.ToAction(), caller, ct)).ToActMessage();
        });

    public override Task<ApplyTrustResponse> ApplyTrust(ApplyTrustRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            await grain.ApplyTrust(request.ToRecord(caller), request.Withdrawn, caller, ct);
            return AppliedTrust;
        });

    public override Task<SyncUsersResponse> SyncUsers(SyncUsersRequest request, ServerCallContext context) =>
        RunAsync(request.Context, context, async (grain, caller, ct) =>
        {
            await grain.SyncUsers(new UserSet([.. request.Users.Select(u => u.ToRecord())]), caller, ct);
            return SyncedUsers;
        });

    private async Task<TResponse> RunAsync<TResponse>(RequestContext? asserted, ServerCallContext context,
        Func<IFederationGrain, string, CancellationToken, Task<TResponse>> call)
    {
        var source = context.GetHttpContext().Connection.RemoteIpAddress;
        string caller;
        try
        {
            caller = admission.Admit(source, asserted);
        }
        catch (RpcException refused)
        {
            // Debug: a node that has just joined calls members that have not applied the list naming it yet, and anyone
            // on the overlay could make this line as often as it likes.
            logger.LogDebug("Federation call {Method} from {Source} on the overlay of domain {DomainUid} refused: {Reason}",
                context.Method, source, admission.DomainUid, refused.Status.Detail);
            throw;
        }
        try
        {
            // Reading the request's records happens in here too: a malformed one is INVALID_ARGUMENT like any other.
            return await call(grains(admission.DomainUid), caller, context.CancellationToken);
        }
        catch (Exception e)
        {
            var status = FederationErrors.ToStatus(e, context.CancellationToken);
            if (status.StatusCode is StatusCode.Internal)
            {
                logger.LogWarning(e, "Federation call {Method} from node {Caller} on domain {DomainUid} failed", context.Method, caller, admission.DomainUid);
            }
            else
            {
                logger.LogDebug("Federation call {Method} from node {Caller} on domain {DomainUid}: {Status} {Detail}",
                    context.Method, caller, admission.DomainUid, status.StatusCode, status.Detail);
            }
            throw new RpcException(status);
        }
    }

    private static T Required<T>(T? message, string field) where T : class =>
        message ?? throw new ArgumentException($"the request carries no {field}");
}
