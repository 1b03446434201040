using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Services;
using Orleans;

namespace Dtaas.Grains.Interfaces.Domains;

/// <summary>
/// One dtDomain object (key <c>namespace/name</c>). Its state is the object itself; the watcher bridge calls
/// <see cref="Reconcile"/> whenever the object changes, and the grain writes back what DTaaS owns on it. On the
/// creator it answers joins and keeps the member list; on a member it applies the lists the creator pushes.
/// </summary>
[Alias("dtaas.DtDomainGrain")]
public interface IDtDomainGrain : IReconciler
{
    /// <summary>The dtDomain as kubectl shows it now (status included), from the node's informer cache (so it never waits for a reconcile); null when there is none.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<DtDomain?> Get();

    /// <summary>
    /// Creates this dtDomain or changes it, as <c>kubectl apply</c> does: without <c>spec</c> this node founds a domain
    /// (it becomes Ready and shows its <c>inviteToken</c>); with <c>spec.peer</c> (the creator's address and that token)
    /// it joins one. <paramref name="desired"/>'s spec and labels go over the object as the node last saw it (what DTaaS
    /// writes, its invite token, peers, status and annotations, stays), stored through the node's Kubernetes API. The
    /// answer is the API's: 201 or 200 with the object, or its refusal (422 with the validation message, 409 when it
    /// changed meanwhile). The node reconciles the change as kubectl's, so <see cref="Get"/> shows how the join went.
    /// </summary>
    [Alias("Apply")]
    Task<ObjectWrite<DtDomain>> Apply(DtDomain desired, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes this dtDomain, as <c>kubectl delete</c> does (a member leaves the domain, the creator dissolves it): 200,
    /// 404 when there is none.
    /// </summary>
    [Alias("Delete")]
    Task<ObjectWrite<DtDomain>> Delete(CancellationToken cancellationToken = default);

    /// <summary>A sealed join request that arrived at the gateway for this domain (creator only).</summary>
    [Alias("AnswerJoin"), NodeInternal]
    Task<JoinAnswer> AnswerJoin(byte[] sealedRequest, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="nodeId"/> is in this domain (creator only; asked through the gateway by a member that lost
    /// the overlay to the creator). A domain being deleted, or not created here, does not exist.
    /// </summary>
    [Alias("Standing"), NodeInternal]
    Task<StandingReply> Standing(string nodeId, CancellationToken cancellationToken);

    /// <summary>A member list pushed over the overlay by <paramref name="fromNodeId"/> (authenticated by the listener).</summary>
    [Alias("ApplyMembership"), NodeInternal]
    Task ApplyMembership(MemberList memberList, string fromNodeId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes <paramref name="nodeId"/> out of the domain on the creator (its dtPeer was deleted, or it left) and
    /// pushes the new list. Returns why not when this node may not (it is not the creator).
    /// </summary>
    [Alias("RemoveMember"), NodeInternal]
    Task<string?> RemoveMember(string nodeId, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="nodeId"/> leaves (its dtDomain is being deleted): as <see cref="RemoveMember"/> on the creator,
    /// without telling the node, which is taking its side down already and is waiting for this call.
    /// </summary>
    [Alias("MemberLeaves"), NodeInternal]
    Task<string?> MemberLeaves(string nodeId, CancellationToken cancellationToken);
}
