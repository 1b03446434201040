using Dtaas.Client;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// Mutual TLS between a node's silos: each presents the silo certificate of the node's authority, and accepts only
/// that role from the other side, dialling or dialled. An Orleans silo trusts another with every grain, so a plain
/// connection, one without a certificate, or one with the SDK's client or server certificate is refused in the
/// handshake. Configured on the silo connections only (not <c>UseTls</c>, which would also put this trust on the
/// client gateway, where <see cref="ClientAdmission"/> wants the client certificate instead).
/// </summary>
public static class SiloTls
{
    public static void Require(SiloConnectionOptions options, SdkCertificates certificates)
    {
        options.ConfigureSiloInboundConnection(connection => connection.UseServerTls(Options(certificates)));
        options.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(Options(certificates)));
    }

    internal static TlsOptions Options(SdkCertificates certificates) => new()
    {
        LocalCertificate = certificates.Silo,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        // The chain is checked against the node's authority alone, not the machine's roots (whose errors are ignored).
        RemoteCertificateValidation = (certificate, _, _) => SdkCertificates.IsIssuedBy(certificates.Authority, certificate, SdkCertificateRole.Silo),
        OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost = SdkCertificates.SiloName,
    };
}
