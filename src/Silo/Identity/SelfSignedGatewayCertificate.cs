using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dtaas.Silo.Identity;

/// <summary>
/// The public gateway's certificate when the operator gave none: self-signed for the node's name and every dtApp
/// under it (<c>*.&lt;node name&gt;</c>). Clients trust it by pinning it (curl <c>--cacert</c>, requests <c>verify=</c>).
/// </summary>
public static class SelfSignedGatewayCertificate
{
    /// <summary>The certificate and its key, PEM (what a <c>kubernetes.io/tls</c> Secret holds as tls.crt and tls.key).</summary>
    public static (string Certificate, string Key) Create(string nodeName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={nodeName}"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(nodeName);
        names.AddDnsName($"*.{nodeName}");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
