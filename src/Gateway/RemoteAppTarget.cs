namespace Dtaas.Gateway;

/// <summary>The app's origin is another node: forward over the overlay to that node's overlay ingress.</summary>
public sealed record RemoteAppTarget(string AppId, string OriginNodeId, string OriginName) : AppTarget(AppId);
