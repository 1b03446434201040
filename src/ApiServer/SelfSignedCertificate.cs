using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>
/// The API's TLS certificate: self-signed (it is its own CA in the kubeconfig), created once and
/// kept in the data directory so clients keep trusting it across restarts.
/// </summary>
internal static class SelfSignedCertificate
{
    public const string FileName = "apiserver.pfx";

    public static X509Certificate2 LoadOrCreate(string dataDirectory, IPAddress listenAddress, ILogger logger)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
            if (Covers(existing, listenAddress) && existing.NotAfter > DateTime.Now.AddDays(1))
            {
                return existing;
            }
            logger.LogWarning("Replacing API certificate {Path}: it does not cover {Address} or is about to expire", path, listenAddress);
            existing.Dispose();
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dtaas-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (!IPAddress.Any.Equals(listenAddress) && !IPAddress.IPv6Any.Equals(listenAddress) && !IPAddress.IsLoopback(listenAddress))
        {
            names.AddIpAddress(listenAddress);
        }
        request.CertificateExtensions.Add(names.Build());
        // CA:true so strict verifiers accept it as the root it is; serverAuth for TLS servers.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(10));
        var pfx = created.Export(X509ContentType.Pkcs12);
        PrivateFiles.Write(path, pfx);
        logger.LogInformation("Created API certificate {Path}", path);
        return X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.Exportable);
    }

    public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    private static bool Covers(X509Certificate2 certificate, IPAddress address)
    {
        if (IPAddress.Any.Equals(address) || IPAddress.IPv6Any.Equals(address) || IPAddress.IsLoopback(address))
        {
            return true;
        }
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return san is not null && san.EnumerateIPAddresses().Contains(address);
    }
}
