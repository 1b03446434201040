using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dtaas.Client;

/// <summary>
/// The certificates of a node's own authority: the client gateway's server certificate and the one client certificate
/// the node issues to its services (used when the client gateway listens beyond loopback), and the certificate its silos
/// present to each other (cluster mode, mutual TLS on the silo port), all signed by the authority. Each side trusts
/// exactly that authority (not the machine's roots), so a certificate from anywhere else is refused; each side also
/// checks the certificate's role (<see cref="SdkCertificateRole"/>), so none can stand in for another. The
/// authority's key is thrown away once all are issued: nothing else can ever be signed.
/// </summary>
public sealed record SdkCertificates(X509Certificate2 Authority, X509Certificate2 Server, X509Certificate2 Client, X509Certificate2 Silo)
{
    /// <summary>The name the client expects in the server certificate.</summary>
    public const string ServerName = "dtaas-sdk-gateway";

    /// <summary>The name a silo expects in another silo's certificate.</summary>
    public const string SiloName = "dtaas-silo";

    public const string AuthorityFile = "ca.crt";
    public const string ServerFile = "server.pfx";
    public const string ClientFile = "client.pfx";
    public const string SiloFile = "silo.pfx";

    public static SdkCertificates Create(string nodeId)
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN=DTaaS node {nodeId} SDK authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddYears(10);
        using var authority = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        X509Certificate2 Issue(string subject, SdkCertificateRole role, string? dnsName)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(UsagesOf(role), false));
            if (dnsName is not null)
            {
                var names = new SubjectAlternativeNameBuilder();
                names.AddDnsName(dnsName);
                request.CertificateExtensions.Add(names.Build());
            }
            using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
            return Reload(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12));
        }

        return new SdkCertificates(X509CertificateLoader.LoadCertificate(authority.Export(X509ContentType.Cert)),
            Issue($"CN={ServerName}", SdkCertificateRole.Server, ServerName),
            Issue($"CN=DTaaS node {nodeId} SDK client", SdkCertificateRole.Client, dnsName: null),
            Issue($"CN=DTaaS node {nodeId} silo", SdkCertificateRole.Silo, SiloName));
    }

    /// <summary>What is kept, by file (or Secret key) name.</summary>
    public IReadOnlyDictionary<string, byte[]> Export() => new Dictionary<string, byte[]>
    {
        [AuthorityFile] = System.Text.Encoding.ASCII.GetBytes(Authority.ExportCertificatePem()),
        [ServerFile] = Server.Export(X509ContentType.Pkcs12),
        [ClientFile] = Client.Export(X509ContentType.Pkcs12),
        [SiloFile] = Silo.Export(X509ContentType.Pkcs12),
    };

    public static SdkCertificates Import(IReadOnlyDictionary<string, byte[]> files, string where) => new(
        X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(Get(files, AuthorityFile, where))),
        Reload(Get(files, ServerFile, where)),
        Reload(Get(files, ClientFile, where)),
        Reload(Get(files, SiloFile, where)));

    /// <summary>
    /// What a kept set lacks that this version needs (a set made before silos had certificates has no
    /// <see cref="SiloFile"/>; each certificate must hold its role's usages), or null when it is complete.
    /// </summary>
    public static string? Outdated(IReadOnlyDictionary<string, byte[]> files)
    {
        (string File, SdkCertificateRole Role)[] roles = [(ServerFile, SdkCertificateRole.Server), (ClientFile, SdkCertificateRole.Client), (SiloFile, SdkCertificateRole.Silo)];
        if (!files.ContainsKey(AuthorityFile))
        {
            return $"no {AuthorityFile}";
        }
        foreach (var (file, role) in roles)
        {
            if (!files.TryGetValue(file, out var content))
            {
                return $"no {file}";
            }
            using var certificate = Reload(content);
            if (!HasRole(certificate, role))
            {
                return $"{file} is not a {role.ToString().ToLowerInvariant()} certificate (extended key usage)";
            }
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> was issued by <paramref name="authority"/> (and only that one) for
    /// <paramref name="role"/>: its extended key usages are exactly that role's, so the server's certificate is no
    /// client's, and neither is a silo's.
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 authority, X509Certificate2? certificate, SdkCertificateRole role)
    {
        if (certificate is null || !HasRole(certificate, role))
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == authority.Thumbprint;
    }

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A silo dials the others and is dialled by them: it authenticates both ways.</summary>
    private static OidCollection UsagesOf(SdkCertificateRole role) => role switch
    {
        SdkCertificateRole.Server => [new Oid(ServerAuth)],
        SdkCertificateRole.Client => [new Oid(ClientAuth)],
        _ => [new Oid(ServerAuth), new Oid(ClientAuth)],
    };

    /// <summary>Whether <paramref name="certificate"/>'s extended key usages are exactly <paramref name="role"/>'s (who issued it aside).</summary>
    public static bool HasRole(X509Certificate2 certificate, SdkCertificateRole role)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        if (usages is null)
        {
            return false;
        }
        var held = usages.Cast<Oid>().Select(oid => oid.Value).ToHashSet();
        return held.SetEquals(UsagesOf(role).Cast<Oid>().Select(oid => oid.Value));
    }

    private static X509Certificate2 Reload(byte[] pkcs12) => X509CertificateLoader.LoadPkcs12(pkcs12, password: null);

    private static byte[] Get(IReadOnlyDictionary<string, byte[]> files, string name, string where) =>
        files.TryGetValue(name, out var content) ? content : throw new InvalidOperationException($"{where} has no {name}");
}
