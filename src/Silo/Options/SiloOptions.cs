namespace Dtaas.Silo.Options;

/// <summary>The operator's settings of one silo (DESIGN.md section 4). Each is a flag and a DTAAS_* environment variable.</summary>
public sealed record SiloOptions
{
    /// <summary>DNS name of this node; dtApp URIs are &lt;id&gt;.&lt;node-name&gt;.</summary>
    public string NodeName { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The namespace DTaaS watches and writes.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Use the cluster of this kubeconfig; without it (and outside a cluster) the silo runs standalone.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The standalone Kubernetes API (only when there is no cluster).</summary>
    public string ApiListen { get; init; } = "127.0.0.1:7443";

    /// <summary>The standalone API's audit log: one JSON line per request, what a Role must grant its clients.</summary>
    public string? ApiAuditLog { get; init; }

    /// <summary>Node identity, client token and (standalone) object store live here.</summary>
    public string DataDirectory { get; init; } = "./.dtaas";

    /// <summary>Where .NET services connect with the client SDK (HTTP/2, bearer token).</summary>
    public string ClientListen { get; init; } = "127.0.0.1:30000";

    /// <summary>
    /// The address SDK clients dial when <see cref="ClientListen"/> is a wildcard (an Orleans client must dial exactly
    /// the address the gateway advertises); in a cluster, the pod's IP from the downward API. Empty: this host's first
    /// IPv4 address.
    /// </summary>
    public string? AdvertiseAddress { get; init; }

    /// <summary>
    /// Where this silo listens for the node's other silos, when it runs against a cluster (its replicas form one Orleans
    /// cluster); port 0 takes a free one. Beyond loopback the address advertised is <see cref="AdvertiseAddress"/>.
    /// </summary>
    public string SiloListen { get; init; } = "127.0.0.1:0";

    /// <summary>
    /// With a cluster, where this replica takes requests the other replicas' gateways forward to the Lease holder
    /// (what only its host can serve), mutual TLS with the node's silo certificate; on the silo's address or a wildcard;
    /// port 0 takes a free one. Unset: <see cref="SiloListen"/>'s address, a free port.
    /// </summary>
    public string? ReplicaListen { get; init; }

    /// <summary>The gateway: the join endpoint and /healthz (and dtApp ingress).</summary>
    public string GatewayListen { get; init; } = "0.0.0.0:8080";

    /// <summary>
    /// The gateway over HTTPS (HTTP/1.1 and HTTP/2): the same ingress, /v1, join endpoint and /healthz; off when empty.
    /// Its certificate: <see cref="GatewayCertificate"/> and <see cref="GatewayKey"/>, else the Secret
    /// <c>dtaas-gateway-tls</c>, else a self-signed one the node makes.
    /// </summary>
    public string? GatewayTlsListen { get; init; } = "0.0.0.0:8443";

    /// <summary>PEM file of the TLS gateway's certificate (and its chain), with <see cref="GatewayKey"/>.</summary>
    public string? GatewayCertificate { get; init; }

    /// <summary>PEM file of the TLS gateway's private key.</summary>
    public string? GatewayKey { get; init; }

    /// <summary>Optional second gateway listener speaking cleartext HTTP/2 (prior knowledge) for gRPC clients; off when empty.</summary>
    public string? GatewayH2cListen { get; init; }

    /// <summary>Prometheus metrics (<c>GET /metrics</c>); loopback by default, off when empty.</summary>
    public string? MetricsListen { get; init; } = "127.0.0.1:9464";

    /// <summary>Orleans' dashboard (grain statistics); loopback by default (it shows grain state), off when empty.</summary>
    public string? DashboardListen { get; init; } = DefaultDashboardListen;

    public const string DefaultDashboardListen = "127.0.0.1:9465";

    /// <summary><c>on</c>: the overlay hop of spliceable dtApps below HTTP (<c>Dtaas.Gateway.OverlaySplice</c>); <c>off</c> (default): HTTP.</summary>
    public string OverlaySplice { get; init; } = "off";

    /// <summary>An OTLP/HTTP collector for traces (e.g. <c>http://localhost:4318</c>); off when empty.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>host[:port] where peers reach this node's gateway (and, on the same host, its WireGuard port); default: the first non-loopback address and the gateway's port.</summary>
    public string? PublicAddress { get; init; }

    /// <summary>The overlay's UDP port; a node in several domains uses the next ports up.</summary>
    public string WireGuardPort { get; init; } = "51820";

    /// <summary>auto (kernel, else wireguard-go), kernel or userspace.</summary>
    public string WireGuardBackend { get; init; } = "auto";

    /// <summary>Standalone pod resolver: pod NAME is the network namespace DIR/NAME (dtService).</summary>
    public string PodNetnsDir { get; init; } = "/var/run/netns";

    /// <summary>How a dtService finds its pod's network namespace: auto (the container runtime with a cluster, else <see cref="PodNetnsDir"/>), cri or netns.</summary>
    public string PodResolver { get; init; } = "auto";

    /// <summary>The client endpoint's token; generated once and kept in the data directory when not given.</summary>
    public string? ClientToken { get; init; }

    /// <summary>How long a /v1 login token lives, in seconds.</summary>
    public string TokenLifetime { get; init; } = "3600";

    /// <summary>How long, in seconds, an object's node honours a trust after its home node last told it; homes tell every third of it.</summary>
    public string TrustLease { get; init; } = "30";

    /// <summary>
    /// Seconds a stop (SIGTERM, Ctrl+C) may take: in-flight requests drain for all but the last 5 s, which release the
    /// Lease and stop the grains; past it the silo exits anyway, naming what still ran.
    /// </summary>
    public string ShutdownTimeout { get; init; } = "20";
}
