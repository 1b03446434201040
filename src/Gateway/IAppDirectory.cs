namespace Dtaas.Gateway;

/// <summary>
/// The gateway's port onto the federation state (the silo implements it from its dtApp, servable and domain grains),
/// so the gateway needs nothing but HTTP and this.
/// </summary>
public interface IAppDirectory
{
    /// <summary>Public side: the app whose URI host is <paramref name="host"/> (without port; compare case-insensitively), or null.</summary>
    AppTarget? FindByHost(string host);

    /// <summary>
    /// Overlay side: whether the entry of <paramref name="nodeId"/> in domain <paramref name="domainUid"/>'s member list
    /// is the node it says (not a name or node id this node met first under another key); a refused one is no caller.
    /// </summary>
    bool Accepts(Guid domainUid, string nodeId);

    /// <summary>
    /// Overlay side: the app <paramref name="appId"/> whose origin is this node, if node <paramref name="callerNodeId"/>
    /// may use it (a member of a domain the app is shared with); else null.
    /// </summary>
    OriginApp? FindOrigin(string appId, string callerNodeId);

    /// <summary>The user of this node whose bearer token is <paramref name="token"/>, or null: tokens are checked only where they were issued.</summary>
    Task<ServableUser?> UserOfTokenAsync(string token, CancellationToken cancellationToken);

    /// <summary>
    /// Servable <paramref name="servableId"/> of this node as served to <paramref name="user"/>, a user of this node
    /// (<paramref name="callerNodeId"/> null) or of member <paramref name="callerNodeId"/>, if it holds REQUEST on it.
    /// </summary>
    Task<ServableAccess> AuthorizeServableAsync(string servableId, ServableUser user, string? callerNodeId, CancellationToken cancellationToken);

    /// <summary>
    /// The member holding servable <paramref name="servableId"/> that <paramref name="user"/>, a user of this node, may
    /// know of (its node decides on the request), or null: a servable is served under every member's name.
    /// </summary>
    Task<ServableTarget?> LocateServableAsync(string servableId, ServableUser user, CancellationToken cancellationToken);

    /// <summary>Where the overlay ingress of node <paramref name="nodeId"/> listens (see <see cref="OverlayIngressAddress.For"/>), or null when no overlay path to it is up.</summary>
    OverlayIngressAddress? OriginIngress(string nodeId);
}
