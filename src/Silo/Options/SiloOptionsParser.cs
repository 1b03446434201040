namespace Dtaas.Silo.Options;

/// <summary>
/// Reads <see cref="SiloOptions"/> from flags (<c>--node-name x</c> or <c>--node-name=x</c>), then environment
/// variables (<c>DTAAS_NODE_NAME</c>), then defaults. Unknown flags and missing values are errors with the reason.
/// </summary>
public static class SiloOptionsParser
{
    /// <param name="EmptyTurnsOff">An empty environment variable sets the option (to off) instead of being ignored.</param>
    private sealed record Option(string Name, string Help, Func<SiloOptions, string?> Get, Func<SiloOptions, string, SiloOptions> Set, bool EmptyTurnsOff = false);

    private static readonly Option[] All =
    [
        new("node-name", "DNS name of this node (dtApp URIs are <id>.<node-name>)", o => o.NodeName, (o, v) => o with { NodeName = v }),
        new("namespace", "namespace DTaaS watches and writes", o => o.Namespace, (o, v) => o with { Namespace = v }),
        new("data-dir", "node identity, client token, standalone store and kubeconfig", o => o.DataDirectory, (o, v) => o with { DataDirectory = v }),
        new("kubeconfig", "use this cluster; without it (and outside a cluster) run standalone", o => o.Kubeconfig, (o, v) => o with { Kubeconfig = v }),
        new("api-listen", "standalone Kubernetes API, host:port", o => o.ApiListen, (o, v) => o with { ApiListen = v }),
        new("api-audit-log", "standalone Kubernetes API: append one JSON line per request to this file (verb, resource, user agent; empty: off)", o => o.ApiAuditLog, (o, v) => o with { ApiAuditLog = v }),
        new("client-listen", "client SDK endpoint, host:port", o => o.ClientListen, (o, v) => o with { ClientListen = v }),
        new("advertise-address", "the IP SDK clients dial when client-listen is a wildcard (default: first IPv4 address)", o => o.AdvertiseAddress, (o, v) => o with { AdvertiseAddress = v }),
        new("silo-listen", "where the silo listens for the node's other replicas (with a cluster), host:port; port 0: any", o => o.SiloListen, (o, v) => o with { SiloListen = v }),
        new("replica-listen", "where a replica takes what the other replicas' gateways forward to the Lease holder (with a cluster; silo certificate), host:port; port 0: any", o => o.ReplicaListen, (o, v) => o with { ReplicaListen = v }),
        new("gateway-listen", "gateway (join endpoint, /healthz), host:port", o => o.GatewayListen, (o, v) => o with { GatewayListen = v }),
        new("gateway-tls-listen", "gateway over HTTPS (HTTP/1.1, HTTP/2), host:port (empty: off; then dtApp URIs say http://)", o => o.GatewayTlsListen, (o, v) => o with { GatewayTlsListen = v }, EmptyTurnsOff: true),
        new("gateway-certificate", "PEM certificate (and chain) of the HTTPS gateway (default: Secret dtaas-gateway-tls, else self-signed)", o => o.GatewayCertificate, (o, v) => o with { GatewayCertificate = v }),
        new("gateway-key", "PEM private key of --gateway-certificate", o => o.GatewayKey, (o, v) => o with { GatewayKey = v }),
        new("gateway-h2c-listen", "optional gateway listener for cleartext HTTP/2 clients (gRPC), host:port; off by default", o => o.GatewayH2cListen, (o, v) => o with { GatewayH2cListen = v }),
        new("metrics-listen", "Prometheus metrics, GET /metrics, host:port (empty: off)", o => o.MetricsListen, (o, v) => o with { MetricsListen = v }),
        new("dashboard-listen", "Orleans' dashboard (grain statistics), host:port; keep it on loopback: it shows grain state (empty: off)", o => o.DashboardListen, (o, v) => o with { DashboardListen = v }, EmptyTurnsOff: true),
        new("overlay-splice", "on: other members' requests for this node's dtApps (authentication None, HTTP/1.1 Service) are copied to the Service as bytes, and this gateway sends theirs so (see README, Apps); off: HTTP at every hop", o => o.OverlaySplice, (o, v) => o with { OverlaySplice = v }),
        new("otlp-endpoint", "send traces to this OTLP/HTTP collector, e.g. http://localhost:4318 (empty: off)", o => o.OtlpEndpoint, (o, v) => o with { OtlpEndpoint = v }),
        new("public-address", "host[:port] where peers reach this node's gateway and WireGuard (default: first non-loopback address, gateway port)", o => o.PublicAddress, (o, v) => o with { PublicAddress = v }),
        new("wireguard-port", "overlay UDP port (each further domain takes the next one)", o => o.WireGuardPort, (o, v) => o with { WireGuardPort = v }),
        new("wireguard-backend", "auto (kernel, else wireguard-go), kernel or userspace", o => o.WireGuardBackend, (o, v) => o with { WireGuardBackend = v }),
        new("pod-netns-dir", "standalone pod resolver: pod NAME is the network namespace DIR/NAME", o => o.PodNetnsDir, (o, v) => o with { PodNetnsDir = v }),
        new("token-lifetime", "seconds a /v1 login token lives", o => o.TokenLifetime, (o, v) => o with { TokenLifetime = v }),
        new("trust-lease", "seconds this node honours another node's trust after its home last told it (fail closed); homes tell every third of it", o => o.TrustLease, (o, v) => o with { TrustLease = v }),
        new("shutdown-timeout", "seconds a stop (SIGTERM) may take: requests in flight drain for all but the last 5, then the Lease is released and the grains stop", o => o.ShutdownTimeout, (o, v) => o with { ShutdownTimeout = v }),
        new("pod-resolver", "how a dtService finds its pod: auto (the container runtime with a cluster, else pod-netns-dir), cri or netns", o => o.PodResolver, (o, v) => o with { PodResolver = v }),
        new("client-token", "client SDK bearer token (default: generated once, kept in <data-dir>/client-token)", o => o.ClientToken, (o, v) => o with { ClientToken = v }),
    ];

    /// <summary>Parses; returns null when help was asked for (the help text goes to <paramref name="output"/>).</summary>
    public static SiloOptions? Parse(string[] args, Func<string, string?> environment, TextWriter output)
    {
        var options = new SiloOptions();
        foreach (var option in All)
        {
            if (environment(EnvironmentName(option)) is { } value && (value.Length > 0 || option.EmptyTurnsOff))
            {
                options = option.Set(options, value);
            }
        }
        for (int i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                WriteHelp(output);
                return null;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'. Options start with --; see --help.");
            }
            var (name, value) = arg.IndexOf('=') is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
            var option = All.FirstOrDefault(o => o.Name == name)
                ?? throw new ArgumentException($"Unknown option --{name}. Known options: {string.Join(", ", All.Select(o => "--" + o.Name))}.");
            value ??= i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"Option --{name} needs a value.");
            options = option.Set(options, value);
        }
        return options;
    }

    private static string EnvironmentName(Option option) => "DTAAS_" + option.Name.Replace('-', '_').ToUpperInvariant();

    private static void WriteHelp(TextWriter output)
    {
        var defaults = new SiloOptions();
        output.WriteLine("dtaas-silo: runs one DTaaS node.");
        output.WriteLine();
        foreach (var option in All)
        {
            output.WriteLine($"  --{option.Name,-16} {option.Help}");
            output.WriteLine($"  {"",-18} env {EnvironmentName(option)}, default {option.Get(defaults) ?? "(none)"}");
        }
    }
}
