using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dtaas.Gateway;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.ApiServer;
using Dtaas.Silo.Hosting;
using Dtaas.Silo.Identity;
using Dtaas.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Silo.Tests;

/// <summary>
/// Where the public gateway's certificate comes from, against an in-process standalone API: self-signed in the data
/// directory when there is no Secret; the Secret dtaas-gateway-tls once it exists, served from the next handshake on
/// when its resourceVersion changes (polled, no restart); against a cluster, a self-signed one made in that Secret.
/// </summary>
public sealed class GatewayCertificateTests : IAsyncLifetime
{
    private const string Namespace = "node0";
    private const string NodeName = "node0.example.org";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private string _root = "";
    private StandaloneApiServer? _server;
    private KubernetesApiClient? _client;

    public async Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("dtaas-gateway-tls-").FullName;
        _server = await StandaloneApiServer.StartAsync(new StandaloneApiServerOptions { DataDirectory = Path.Combine(_root, "api"), Listen = "127.0.0.1:0", Namespace = Namespace },
            NullLoggerFactory.Instance, CancellationToken.None);
        _client = KubernetesApiClient.FromKubeconfig(_server.KubeconfigPath);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Standalone_without_a_secret_serves_a_self_signed_certificate_for_the_node_and_its_apps_kept_owner_only()
    {
        await using var certificate = await StartAsync(cluster: false, TimeSpan.FromMinutes(10));

        Assert.Equal([NodeName, $"*.{NodeName}"], DnsNames(certificate.Leaf));
        var file = Path.Combine(_root, "data", GatewayCertificate.SelfSignedCertificateFile);
        Assert.Equal(certificate.Leaf.Thumbprint, X509Certificate2.CreateFromPem(File.ReadAllText(file)).Thumbprint);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, "data", GatewayCertificate.SelfSignedKeyFile)));
        }

        // Kept: the next start serves the same one (clients pinned it).
        await using var restarted = await StartAsync(cluster: false, TimeSpan.FromMinutes(10));
        Assert.Equal(certificate.Leaf.Thumbprint, restarted.Leaf.Thumbprint);
    }

    [Fact]
    public async Task A_changed_secret_is_served_from_the_next_handshake_without_a_restart()
    {
        await using var certificate = await StartAsync(cluster: false, TimeSpan.FromMilliseconds(200));
        await using var listener = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http1AndHttp2, () => certificate.Current,
            NullLoggerFactory.Instance, _ => { }, app => app.Run(context => context.Response.WriteAsync("ok")), CancellationToken.None);
        var selfSigned = await HandshakeAsync(listener.Address.Port);

        var first = await PutSecretAsync("first.example.org");
        var served = await Eventually.Until(() => HandshakeAsync(listener.Address.Port), thumbprint => thumbprint == first, Patience, "the first secret's certificate served", Interval);
        var second = await PutSecretAsync("second.example.org");
        var renewed = await Eventually.Until(() => HandshakeAsync(listener.Address.Port), thumbprint => thumbprint == second, Patience, "the renewed certificate served", Interval);

        Assert.NotEqual(selfSigned, served);
        Assert.Equal(first, served);
        Assert.Equal(second, renewed);
        Assert.StartsWith("Secret node0/dtaas-gateway-tls", certificate.Source);
    }

    [Fact]
    public async Task Against_a_cluster_without_a_secret_every_replica_serves_the_self_signed_one_made_in_the_secret()
    {
        await using var first = await StartAsync(cluster: true, TimeSpan.FromMinutes(10));
        await using var second = await StartAsync(cluster: true, TimeSpan.FromMinutes(10));

        var secret = await _client!.GetAsync<V1Secret>(GatewayCertificate.SecretName, Namespace);
        Assert.Equal("kubernetes.io/tls", secret.Type);
        Assert.Equal(first.Leaf.Thumbprint, second.Leaf.Thumbprint);
        Assert.Equal(first.Leaf.Thumbprint, X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data![GatewayCertificate.CertificateKey])).Thumbprint);
        Assert.False(File.Exists(Path.Combine(_root, "data", GatewayCertificate.SelfSignedCertificateFile)));
    }

    [Fact]
    public async Task Pem_files_with_a_chain_are_served_with_their_intermediate()
    {
        var (intermediatePem, leafPem, keyPem) = Chain();
        var certificateFile = Path.Combine(_root, "tls.crt");
        var keyFile = Path.Combine(_root, "tls.key");
        await File.WriteAllTextAsync(certificateFile, $"{leafPem}\n{intermediatePem}\n");
        await File.WriteAllTextAsync(keyFile, keyPem);

        await using var certificate = await StartAsync(cluster: false, TimeSpan.FromMinutes(10), (certificateFile, keyFile));

        Assert.Equal(["files.example.org"], DnsNames(certificate.Leaf));
        Assert.Equal("CN=test intermediate", Assert.Single(certificate.Current.IntermediateCertificates).Subject);
    }

    [Fact]
    public async Task A_secret_without_a_key_fails_the_start_naming_it()
    {
        await _client!.CreateAsync(new V1Secret
        {
            Metadata = new ObjectMeta { Name = GatewayCertificate.SecretName, Namespace = Namespace },
            Type = "kubernetes.io/tls",
            Data = new Dictionary<string, byte[]> { [GatewayCertificate.CertificateKey] = Encoding.ASCII.GetBytes(SelfSignedGatewayCertificate.Create("x.example.org", DateTimeOffset.UtcNow).Certificate) },
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(cluster: true, TimeSpan.FromMinutes(10)));

        Assert.Contains("Secret node0/dtaas-gateway-tls has no tls.crt and tls.key", error.Message);
    }

    private Task<GatewayCertificate> StartAsync(bool cluster, TimeSpan interval, (string, string)? files = null) =>
        GatewayCertificate.StartAsync(new GatewayCertificate.Settings(NodeName, files, _client!, Namespace, cluster, new DataDirectory(Path.Combine(_root, "data")),
            interval, TimeProvider.System), NullLogger.Instance, CancellationToken.None);

    /// <summary>Creates or replaces the Secret as cert-manager would, with a new certificate for <paramref name="name"/>; returns its thumbprint.</summary>
    private async Task<string> PutSecretAsync(string name)
    {
        var (certificate, key) = SelfSignedGatewayCertificate.Create(name, DateTimeOffset.UtcNow);
        var data = new Dictionary<string, byte[]> { [GatewayCertificate.CertificateKey] = Encoding.ASCII.GetBytes(certificate), [GatewayCertificate.PrivateKeyKey] = Encoding.ASCII.GetBytes(key) };
        if (await _client!.TryGetAsync<V1Secret>(GatewayCertificate.SecretName, Namespace) is { } existing)
        {
            await _client!.UpdateAsync(existing with { Data = data });
        }
        else
        {
            await _client!.CreateAsync(new V1Secret { Metadata = new ObjectMeta { Name = GatewayCertificate.SecretName, Namespace = Namespace }, Type = "kubernetes.io/tls", Data = data });
        }
        return X509Certificate2.CreateFromPem(certificate).Thumbprint;
    }

    /// <summary>A new TLS connection's server certificate (thumbprint).</summary>
    private static async Task<string> HandshakeAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = NodeName });
        return new X509Certificate2(tls.RemoteCertificate!).Thumbprint;
    }

    private static string[] DnsNames(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(names => names.EnumerateDnsNames())];

    /// <summary>A leaf for files.example.org signed by an intermediate of a root (not given: clients have it), as PEM.</summary>
    private static (string Intermediate, string Leaf, string Key) Chain()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = System.Security.Cryptography.ECDsa.Create();
        var rootRequest = new CertificateRequest("CN=test root", rootKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        using var intermediateKey = System.Security.Cryptography.ECDsa.Create();
        var intermediateRequest = new CertificateRequest("CN=test intermediate", intermediateKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var intermediate = intermediateRequest.Create(root, now.AddMinutes(-4), now.AddHours(20), [5, 6, 7, 8]).CopyWithPrivateKey(intermediateKey);
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new CertificateRequest("CN=files.example.org", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("files.example.org");
        request.CertificateExtensions.Add(names.Build());
        using var leaf = request.Create(intermediate, now.AddMinutes(-1), now.AddHours(1), [1, 2, 3, 4]);
        return (intermediate.ExportCertificatePem(), leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
