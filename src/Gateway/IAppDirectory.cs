namespace Dtaas.Gateway;

/// <summary>
/// The gateway's port onto the federation state (the silo implements it from its dtApp and domain grains), so the
/// gateway needs nothing but HTTP and this.
/// </summary>
public interface IAppDirectory
{
    /// <summary>Public side: the app whose URI host is <paramref name="host"/> (without port; compare case-insensitively), or null.</summary>
    AppTarget? FindByHost(string host);

    /// <summary>
    /// Overlay side: the app <paramref name="appId"/> whose origin is this node, if node <paramref name="callerNodeId"/>
    /// may use it (a member of a domain the app is shared with); else null.
    /// </summary>
    OriginApp? FindOrigin(string appId, string callerNodeId);

    /// <summary>Where the overlay ingress of node <paramref name="nodeId"/> listens (see <see cref="OverlayIngressAddress.For"/>), or null when no overlay path to it is up.</summary>
    OverlayIngressAddress? OriginIngress(string nodeId);
}
