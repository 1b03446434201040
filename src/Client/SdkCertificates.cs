using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dtaas.Client;

/// <summary>
/// The certificates of a node's SDK gateway when it listens beyond loopback: an authority of the node's own, the
/// gateway's server certificate and the one client certificate the node issues to its services, both signed by the
/// authority. Each side trusts exactly that authority (not the machine's roots), so a certificate from anywhere else
/// is refused. The authority's key is thrown away once both are issued: nothing else can ever be signed.
/// </summary>
public sealed record SdkCertificates(X509Certificate2 Authority, X509Certificate2 Server, X509Certificate2 Client)
{
    /// <summary>The name the client expects in the server certificate.</summary>
    public const string ServerName = "dtaas-sdk-gateway";

    public const string AuthorityFile = "ca.crt";
    public const string ServerFile = "server.pfx";
    public const string ClientFile = "client.pfx";

    public static SdkCertificates Create(string nodeId)
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN=DTaaS node {nodeId} SDK authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddYears(10);
        using var authority = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        X509Certificate2 Issue(string subject, string usageOid, Action<CertificateRequest>? extend = null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
            extend?.Invoke(request);
            using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
            return Reload(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12));
        }

        var server = Issue($"CN={ServerName}", "1.3.6.1.5.5.7.3.1", request =>
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(ServerName);
            request.CertificateExtensions.Add(names.Build());
        });
        var client = Issue($"CN=DTaaS node {nodeId} SDK client", "1.3.6.1.5.5.7.3.2");
        return new SdkCertificates(X509CertificateLoader.LoadCertificate(authority.Export(X509ContentType.Cert)), server, client);
    }

    /// <summary>What is kept, by file (or Secret key) name.</summary>
    public IReadOnlyDictionary<string, byte[]> Export() => new Dictionary<string, byte[]>
    {
        [AuthorityFile] = System.Text.Encoding.ASCII.GetBytes(Authority.ExportCertificatePem()),
        [ServerFile] = Server.Export(X509ContentType.Pkcs12),
        [ClientFile] = Client.Export(X509ContentType.Pkcs12),
    };

    public static SdkCertificates Import(IReadOnlyDictionary<string, byte[]> files, string where) => new(
        X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(Get(files, AuthorityFile, where))),
        Reload(Get(files, ServerFile, where)),
        Reload(Get(files, ClientFile, where)));

    /// <summary>Whether <paramref name="certificate"/> was issued by <paramref name="authority"/> (and only that one).</summary>
    public static bool IsIssuedBy(X509Certificate2 authority, X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == authority.Thumbprint;
    }

    private static X509Certificate2 Reload(byte[] pkcs12) => X509CertificateLoader.LoadPkcs12(pkcs12, password: null);

    private static byte[] Get(IReadOnlyDictionary<string, byte[]> files, string name, string where) =>
        files.TryGetValue(name, out var content) ? content : throw new InvalidOperationException($"{where} has no {name}");
}
