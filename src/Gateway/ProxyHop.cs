namespace Dtaas.Gateway;

/// <summary>Which client carries a forwarded request, and with which timeout: to a Service, or over the overlay (to the origin's HTTP ingress, or its splice).</summary>
public enum ProxyHop
{
    Service,
    Overlay,
    Splice,
}
