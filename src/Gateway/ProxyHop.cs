namespace Dtaas.Gateway;

/// <summary>Which client carries a forwarded request: to a Service (HTTP/1.1) or over the overlay (h2c, HTTP/1.1 for upgrades).</summary>
public enum ProxyHop
{
    Service,
    Overlay,
}
