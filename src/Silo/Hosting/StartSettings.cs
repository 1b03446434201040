using System.Net;
using Dtaas.Grains.Node;
using Dtaas.Grains.Users;
using Dtaas.Silo.Options;
using Dtaas.Silo.Telemetry;
using Dtaas.WireGuard.Devices;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The silo's options checked and parsed before anything starts: a bad one fails the start with a message naming it,
/// before any listener or file is touched.
/// </summary>
internal sealed record StartSettings(
    IPEndPoint ClientEndpoint,
    IPAddress Advertised,
    IPEndPoint GatewayEndpoint,
    IPEndPoint? TlsEndpoint,
    (string Certificate, string Key)? CertificateFiles,
    IPEndPoint? H2cEndpoint,
    IPEndPoint? MetricsEndpoint,
    Uri? OtlpEndpoint,
    FederationSettings Federation,
    WireGuardBackend Backend,
    SessionSettings Sessions,
    TimeSpan Drain)
{
    public static StartSettings Validate(SiloOptions options)
    {
        var drain = DrainWithin(ShutdownTimeout(options));
        var clientEndpoint = ListenAddress.Parse("client-listen", options.ClientListen);
        if (clientEndpoint.Port == 0)
        {
            clientEndpoint = new IPEndPoint(clientEndpoint.Address, NodeSilo.FreePort(clientEndpoint.Address));
        }
        var advertised = NodeSilo.Advertised(clientEndpoint.Address, options.AdvertiseAddress);
        var gatewayEndpoint = ListenAddress.Parse("gateway-listen", options.GatewayListen);
        var tlsEndpoint = options.GatewayTlsListen is { Length: > 0 } tls ? ListenAddress.Parse("gateway-tls-listen", tls) : null;
        var certificateFiles = (options.GatewayCertificate, options.GatewayKey) switch
        {
            ({ Length: > 0 } certificate, { Length: > 0 } key) => ((string, string)?)(certificate, key),
            (null or "", null or "") => null,
            _ => throw new ArgumentException("--gateway-certificate and --gateway-key go together: give both PEM files, or neither."),
        };
        var h2cEndpoint = options.GatewayH2cListen is { Length: > 0 } h2c ? ListenAddress.Parse("gateway-h2c-listen", h2c) : null;
        var metricsEndpoint = options.MetricsListen is { Length: > 0 } metricsListen ? ListenAddress.Parse("metrics-listen", metricsListen) : null;
        var otlpEndpoint = options.OtlpEndpoint is { Length: > 0 } otlp ? TraceExport.Parse(otlp) : null;
        var (publicHost, _) = PublicAddress.Resolve(options.PublicAddress, gatewayEndpoint);
        var trustLease = Seconds("trust-lease", options.TrustLease);
        // Told three times within a lease: one lost telling does not make an object's node stop honouring a trust.
        var federation = new FederationSettings(publicHost, PublicAddress.ParsePort("wireguard-port", options.WireGuardPort))
        {
            TrustLease = trustLease,
            TrustRefresh = trustLease / 3,
        };
        var backend = Enum.TryParse<WireGuardBackend>(options.WireGuardBackend, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ArgumentException($"--wireguard-backend '{options.WireGuardBackend}' is not one of auto, kernel, userspace.");
        if (options.PodResolver is not ("auto" or "cri" or "netns"))
        {
            throw new ArgumentException($"--pod-resolver '{options.PodResolver}' is not one of auto, cri, netns.");
        }
        var sessions = new SessionSettings(Seconds("token-lifetime", options.TokenLifetime));
        OnOff("overlay-splice", options.OverlaySplice);
        return new StartSettings(clientEndpoint, advertised, gatewayEndpoint, tlsEndpoint, certificateFiles, h2cEndpoint, metricsEndpoint, otlpEndpoint,
            federation, backend, sessions, drain);
    }

    /// <summary>An on/off option's value.</summary>
    public static bool OnOff(string option, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentException($"--{option} '{value}' is not on or off."),
    };

    /// <summary>How long a stop may take (<c>--shutdown-timeout</c>).</summary>
    public static TimeSpan ShutdownTimeout(SiloOptions options) => Seconds("shutdown-timeout", options.ShutdownTimeout);

    /// <summary>
    /// Where this replica's silo listens for the others. Orleans advertises one address for the silo port and the SDK
    /// gateway, so the two listen on the same address, or both on a wildcard (then the advertised one is the pod's).
    /// Checked only against a cluster: standalone there is no silo port to share.
    /// </summary>
    public IPEndPoint SiloEndpoint(SiloOptions options) => OnAdvertisedAddress("silo-listen", options.SiloListen, options,
        $"--silo-listen {options.SiloListen} and --client-listen {ClientEndpoint}: Orleans advertises one address " +
        $"for both ({Advertised} here), so put them on the same address, or both on a wildcard with --advertise-address.");

    /// <summary>
    /// Where this replica takes requests the others forward to the Lease holder. They dial the address its silo
    /// advertises, so the listener is on that address or a wildcard; port 0 takes a free one now (the others learn the
    /// port from the silo's metadata, published when the silo starts). Unset: the silo port's address, a free port.
    /// </summary>
    public IPEndPoint ReplicaEndpoint(SiloOptions options) => options.ReplicaListen is { Length: > 0 } listen
        ? OnAdvertisedAddress("replica-listen", listen, options,
            $"--replica-listen {listen}: the other replicas dial the address this silo advertises ({Advertised}), so listen there or on a wildcard.")
        : new IPEndPoint(SiloEndpoint(options).Address, NodeSilo.FreePort(SiloEndpoint(options).Address));

    /// <summary>A listener the other replicas dial at the advertised address: on it or a wildcard, else <paramref name="mismatch"/>; port 0 a free one.</summary>
    private IPEndPoint OnAdvertisedAddress(string option, string value, SiloOptions options, string mismatch)
    {
        var endpoint = ListenAddress.Parse(option, value);
        if (!NodeSilo.Advertised(endpoint.Address, options.AdvertiseAddress).Equals(Advertised))
        {
            throw new ArgumentException(mismatch);
        }
        return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, NodeSilo.FreePort(endpoint.Address)) : endpoint;
    }

    // The last 5 s of the stop (half of a stop of 10 s or less) release the Lease and stop the grains; requests drain before.
    private static TimeSpan DrainWithin(TimeSpan shutdownTimeout) =>
        shutdownTimeout > TimeSpan.FromSeconds(10) ? shutdownTimeout - TimeSpan.FromSeconds(5) : shutdownTimeout / 2;

    private static TimeSpan Seconds(string option, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"--{option} '{value}' is not a number of seconds above 0.");
}
