using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Dtaas.Client;

namespace Dtaas.Silo.Replicas;

/// <summary>
/// Mutual TLS on the replica hop (a standby's gateway to the Lease holder's <c>--replica-listen</c>): both sides present
/// the silo certificate of the node's authority and accept only that role, as on the silo port (<c>SiloTls</c>). What
/// comes over it is trusted to name the original caller (<see cref="ReplicaCaller"/>), so nothing else may connect.
/// </summary>
public static class ReplicaTls
{
    /// <summary>The listener's certificate, served at every handshake.</summary>
    public static SslStreamCertificateContext ServerCertificate(SdkCertificates certificates) =>
        SslStreamCertificateContext.Create(certificates.Silo, additionalCertificates: null, offline: true);

    /// <summary>Asks for the other replica's certificate and refuses the handshake without a silo certificate of this node.</summary>
    public static void RequireReplica(SslServerAuthenticationOptions options, SdkCertificates certificates)
    {
        options.ClientCertificateRequired = true;
        options.EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12;
        options.RemoteCertificateValidationCallback = (_, certificate, _, _) => IsReplica(certificates, certificate);
    }

    /// <summary>The dialling side: presents the silo certificate and accepts only a silo certificate of this node.</summary>
    public static SocketsHttpHandler Handler(SdkCertificates certificates) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [certificates.Silo],
            EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => IsReplica(certificates, certificate),
        },
        // Requests for many app hosts share one pool of HTTP/2 connections to the holder.
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ActivityHeadersPropagator = null,
    };

    private static bool IsReplica(SdkCertificates certificates, X509Certificate? certificate) =>
        certificate is not null && SdkCertificates.IsIssuedBy(certificates.Authority,
            certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), SdkCertificateRole.Silo);
}
